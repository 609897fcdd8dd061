"""Errors a user can act on.

Every failure that reaches a person (dialog or command line) is a ``DutyDeskError``
whose message says what happened and what to do, in plain words.
"""


class DutyDeskError(Exception):
    """Base class: the message is shown to the user as it is."""

    exit_code = 2


class DataFolderError(DutyDeskError):
    """The data folder cannot be used (missing permission, not a folder...)."""


class AlreadyRunningError(DutyDeskError):
    """Another copy of Duty Desk holds the data folder."""


class DatabaseError(DutyDeskError):
    """The database file cannot be opened as a Duty Desk database."""


class NewerSchemaError(DatabaseError):
    """The database was written by a newer Duty Desk than this one."""


class ValidationError(DutyDeskError):
    """Input was rejected; nothing was changed."""


class NotFoundError(DutyDeskError):
    """A record named by the user does not exist."""


class NotSetUpError(DutyDeskError):
    """The data folder has no officer yet: run setup first."""
