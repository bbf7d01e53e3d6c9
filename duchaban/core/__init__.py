"""Pure domain logic: no Qt, no SQL, no file formats."""
