"""`duchaban bench`: the SPEC §7 measurements, each against a floor measured in the same run."""
