"""What this version of BounceBack knows about database files, without importing Alembic."""

from typing import Final

APPLICATION_ID: Final[int] = int.from_bytes(b"BBck", "big")
"""`PRAGMA application_id` of every BounceBack database (0x4242636B)."""

REVISIONS: Final[tuple[str, ...]] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007",
                                       "0008")
"""Every Alembic revision shipped, oldest first; the last is the head."""

HEAD: Final[str] = REVISIONS[-1]

SQLITE_MAGIC: Final[bytes] = b"SQLite format 3\x00"
