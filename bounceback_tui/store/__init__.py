"""The store: SQLModel tables over a local SQLite file, and the service API.

No Textual or Rich import anywhere in this package (tests/store/test_import_hygiene.py).
"""

from .errors import Conflict, InvalidInput, NotFound, StoreError, StoreOpenError
from .service import Store

__all__ = ["Conflict", "InvalidInput", "NotFound", "Store", "StoreError", "StoreOpenError"]
