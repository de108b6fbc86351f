"""The store: SQLModel tables over a local SQLite file, and the service API.

No Textual or Rich import anywhere in this package (tests/test_import_hygiene.py).
`Store` is imported on first use, so `from bounceback_tui.store.errors import …` (the CLI's
error handling, the dashboard before its first paint) does not pay for SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    Conflict,
    Damaged,
    InvalidInput,
    NotFound,
    StorageFailure,
    StoreError,
    StoreOpenError,
)

if TYPE_CHECKING:
    from .service import Store

__all__ = ["Conflict", "Damaged", "InvalidInput", "NotFound", "StorageFailure", "Store",
           "StoreError", "StoreOpenError"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from .service import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
