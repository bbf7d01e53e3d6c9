"""Errors whose message is meant for the user (in Chinese), as opposed to bugs."""


class DuchabanError(Exception):
    """An expected failure with a message the user can act on."""


class PlanParseError(DuchabanError, ValueError):
    """The text cannot be read as a task decomposition notice at all."""


class StoreError(DuchabanError):
    """The database cannot be opened or cannot take this change."""
