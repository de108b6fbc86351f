"""Sync between a person's machines through a folder they own (issue 17): see `engine`."""

from .crypto import SyncError
from .engine import Exchange, Status, exchange, init, join, status

__all__ = ["Exchange", "Status", "SyncError", "exchange", "init", "join", "status"]
