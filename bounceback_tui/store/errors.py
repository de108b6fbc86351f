"""What the store says when it cannot do what was asked. Messages are one line, for people."""


class StoreError(Exception):
    """Base: the message says what is wrong and how to fix it."""


class StoreOpenError(StoreError):
    """The file cannot be opened as a BounceBack database; it was left untouched."""


class Damaged(StoreOpenError):
    """SQLite found the file malformed; it was left as it was, and the message says how to
    put a backup back."""


class StorageFailure(StoreError):
    """The file could not be read or written (a full disk, a read-only file or folder, a lock
    held too long); the change was not made."""


class NotFound(StoreError):
    """No such application, reflection, win or action."""


class InvalidInput(StoreError):
    """A value was refused (empty company, unknown stage, date out of order, …)."""


class Conflict(StoreError):
    """Someone else saved this record since it was read."""
