"""The store bridge: the one way the dashboard reaches its database file.

It opens the quick pipeline reader and the Store off the UI thread, runs every store call in
a thread worker, and watches the file for changes made elsewhere (another window, a CLI
command). Panes use it through `bridge_of(widget)`, a typed port; it tells the app what
happened with messages (`StoreReady`, `StoreFailed`, `DataChanged`), never by calling a pane.

Start-up in three steps, each after the one before has shown something:
1. first paint: the header and the panes' outline (no pane or database module imported yet);
2. a plain sqlite3 reader gives the table its first rows (no SQLAlchemy yet);
3. the Store (SQLAlchemy; migrations when due) opens for everything else.
A new file, or one that must be migrated, skips step 2: the Store opens first, then the
reader.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.message import Message

from .domain.user_text import visible

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

    from .store import Store
    from .store.queries.pipeline import PipelineReader

POLL_SECONDS = 1.0
"""How often to look for changes made by another window or a CLI command."""


class StoreReady(Message):
    """The Store is open: the panes can read everything."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store


class StoreFailed(Message):
    """The file could not be opened; `message` says why in one line."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class DataChanged(Message):
    """The file changed: by this window (`outside` False) or elsewhere (`outside` True)."""

    def __init__(self, *, outside: bool) -> None:
        super().__init__()
        self.outside = outside


class StoreBridge:
    """Opens, runs and watches the store for one app; every method is safe on the UI thread
    (nothing here waits on SQLite there) unless its name says `wait`."""

    def __init__(self, app: App[Any], db_path: Path, *,
                 clock: Callable[[], Any] | None = None) -> None:
        self._app = app
        self.db_path = db_path
        self._clock = clock
        self.store: Store | None = None
        self.reader: PipelineReader | None = None
        self._opened = threading.Event()
        self._open_lock = threading.Lock()
        self._reader_ready = threading.Event()
        self._store_opening = False
        self._data_version: int | None = None
        self._closing = False
        self._looking = threading.Lock()
        """Held while a look runs: closing waits for it (no timeout: a timed wait would
        trust the clock, which libfaketime moves a year ahead in the date-proof run)."""
        self._batch: list[tuple[Callable[[Store], Any], Callable[[Any], Any] | None,
                                Callable[[], None] | None]] | None = None
        """Reads asked for inside `together()`, waiting to run in one worker."""
        self.freeze_heap = False
        """Set by the command that opens the dashboard for a person (not by tests, which
        build many apps in one process): see `_ready`."""

    # --- the clock ------------------------------------------------------------------------

    def now(self) -> Any:
        """Now (the injected clock in tests), as a pendulum DateTime."""
        if self._clock is not None:
            return self._clock()
        import pendulum

        return pendulum.now()

    def local_now(self) -> datetime:
        """Now in the local zone, from the standard library (the first paint does not wait
        for pendulum to import)."""
        if self._clock is not None:
            return cast(datetime, self._clock())
        return datetime.now().astimezone()

    def local_today(self) -> date:
        """Today's local day."""
        return self.local_now().date()

    # --- opening --------------------------------------------------------------------------

    def open_reader(self) -> None:
        """Step 2: the quick reader, in a worker (or the Store first, for a new file)."""
        self._thread(self._open_reader, group="open-reader")

    def _open_reader(self) -> None:
        from .store.queries.pipeline import PipelineReader

        reader = PipelineReader.open(self.db_path)
        if reader is None:
            self._open_store()
            return
        self.reader = reader
        self._reader_ready.set()

    def open_store(self) -> None:
        """Step 3, once the first rows are on screen (or could not be read)."""
        if not self._store_opening:
            self._store_opening = True
            self._thread(self._open_store, group="open-store")

    def _open_store(self) -> None:
        # One opening at a time: a new file is opened from the reader's worker, and a store
        # call asked for meanwhile may ask again before that worker has said it is opening
        # (two openings at once raced to set up the file: "stayed locked").
        with self._open_lock:
            if not self._opened.is_set():
                self._open_store_now()

    def _open_store_now(self) -> None:
        from .store import Store, StoreError

        self._store_opening = True
        try:
            store = Store.open(self.db_path)
        except StoreError as exc:
            self._opened.set()
            self._reader_ready.set()
            self._app.call_from_thread(self._app.post_message, StoreFailed(str(exc)))
            return
        if self.reader is None:
            from .store.queries.pipeline import PipelineReader

            self.reader = PipelineReader.connect(
                self.db_path, read_only=store.database.read_only is not None,
                wal_pages=store.database.wal_pages)
            self._reader_ready.set()
        self._data_version = store.data_version()
        self.store = store
        self._opened.set()  # work asked for while opening runs now, in order
        self._app.call_from_thread(self._ready, store)

    def _ready(self, store: Store) -> None:
        if self.freeze_heap:
            # The dashboard stays open for weeks. Its modules, the store and the first screen
            # are ~140,000 objects that live as long as it does; Python's full collection
            # walked all of them every few minutes (~90 ms at 10,000 applications, ~5 ms of
            # every change made elsewhere). Frozen, a collection walks only what came after.
            import gc

            gc.freeze()
        self._app.set_interval(POLL_SECONDS, self._poll)
        self._app.post_message(StoreReady(store))
        if store.database.read_only is not None:
            reason, fix = store.database.read_only
            self._app.notify(f"{visible(reason)}: you can look, not change anything. To make "
                             f"changes, {visible(fix)}.", title="Read-only",
                             severity="warning", timeout=30, markup=False)

    def wait_for_store(self, timeout: float = 60.0) -> Store | None:
        """The store, waiting (in a worker thread) while it opens; None if it could not."""
        if not self._store_opening:
            self._app.call_from_thread(self.open_store)  # asked for before the first rows
        self._opened.wait(timeout)
        return self.store

    def wait_for_reader(self, timeout: float = 60.0) -> PipelineReader | None:
        """The pipeline reader, waiting (in a worker thread) while it opens."""
        self._reader_ready.wait(timeout)
        return self.reader

    # --- running store calls --------------------------------------------------------------

    def run(self, call: Callable[[Store], Any], *,
            done: Callable[[Any], Any] | None = None,
            failed: Callable[[], None] | None = None, changes: bool = True) -> None:
        """Run `call(store)` in a thread worker; `done(result)` back on the UI thread (it may
        be a coroutine function). A refusal from the store becomes a one-line notification
        (then `failed()`). `changes=False` for a read; after a change the app hears
        `DataChanged(outside=False)`. A read asked for inside `together()` joins its batch."""
        if self._batch is not None and not changes:
            self._batch.append((call, done, failed))
            return
        self._thread(partial(self._call, call, done, failed, changes), group="store")

    def run_read(self, read: Callable[[], Any], show: Callable[[Any], Any]) -> None:
        """A read that needs no Store (the table's, through the reader), run like a store
        read: `read()` in a worker (with the others inside `together()`), `show(result)`
        back on the UI thread."""
        self.run(lambda _store: read(), done=show, changes=False)

    @contextmanager
    def together(self) -> Iterator[None]:
        """The reads asked for inside run one after another in one worker and are shown
        together (one frame). After a change made elsewhere the panes' reads ran at once in
        three threads: each sqlite3 step hands the GIL over, and three threads and the UI
        passing it around cost ~25% more CPU than one after another."""
        self._batch = []
        try:
            yield
        finally:
            batch, self._batch = self._batch, None
        if batch:
            self._thread(partial(self._call_batch, batch), group="store")

    def _call_batch(self, batch: list[tuple[Callable[[Store], Any], Callable[[Any], Any] | None,
                                            Callable[[], None] | None]]) -> None:
        from .store import StoreError

        store = self.wait_for_store()
        if store is None:
            return
        outcomes: list[tuple[bool, Any, Any, Any]] = []
        for call, done, failed in batch:
            try:
                outcomes.append((True, call(store), done, failed))
            except StoreError as exc:
                outcomes.append((False, visible(str(exc)), done, failed))
        self._app.call_from_thread(self._finish_batch, outcomes)

    async def _finish_batch(self, outcomes: list[tuple[bool, Any, Any, Any]]) -> None:
        if not self._app.is_running:
            return
        for ok, value, done, failed in outcomes:
            if not ok:
                self._app.notify(value, severity="error", markup=False)
                if failed is not None:
                    failed()
            elif done is not None:
                outcome = done(value)
                if inspect.isawaitable(outcome):
                    await outcome

    def _call(self, call: Callable[[Store], Any], done: Callable[[Any], Any] | None,
              failed: Callable[[], None] | None, changes: bool) -> None:
        from .store import StoreError

        store = self.wait_for_store()  # a form saved while the file opens is not lost
        if store is None:
            return
        try:
            result = call(store)
        except StoreError as exc:
            self._app.call_from_thread(self._app.notify, visible(str(exc)),
                                       severity="error", markup=False)
            if failed is not None:
                self._app.call_from_thread(failed)
            return
        if changes:
            self._data_version = store.data_version()  # our own change: no second reload
        self._app.call_from_thread(self._finish, result, done, changes)

    async def _finish(self, result: Any, done: Callable[[Any], Any] | None,
                      changes: bool) -> None:
        if not self._app.is_running:
            return  # the app is closing: its panes are going, nothing is left to show
        if done is not None:
            outcome = done(result)
            if inspect.isawaitable(outcome):
                await outcome
        if changes:
            self._app.post_message(DataChanged(outside=False))

    def read_latest(self, call: Callable[[Store], Any], done: Callable[[Any], Any], *,
                    group: str) -> None:
        """A read whose newer request replaces an older one still running (typing ahead);
        skipped until the Store is open."""

        def read() -> None:
            store = self.store
            if store is not None:
                self._app.call_from_thread(done, call(store))

        self._app.run_worker(read, thread=True, exclusive=True, group=group)

    # --- watching for changes made elsewhere -----------------------------------------------

    def _poll(self) -> None:
        """One look a second, in the event loop's thread pool: not a Textual worker (a
        worker a second cost the idle dashboard its messages and bookkeeping each time, for
        a look that almost always finds nothing). A look still running is not doubled."""
        if self._closing or self._looking.locked():
            return
        import asyncio

        asyncio.get_running_loop().run_in_executor(None, self._look)

    def _look(self) -> None:
        from .store import StoreError

        if not self._looking.acquire(blocking=False):
            return
        try:
            store = self.store
            if store is None or self._closing:
                return
            version = store.data_version()
            if version != self._data_version:
                self._data_version = version
                self._app.post_message(DataChanged(outside=True))  # safe from any thread
            # words deleted while another process was reading: scrub once it lets go
            store.scrub_if_due()
        except StoreError:
            pass  # the file went away or is busy: the next look tries again
        except RuntimeError:
            self._closing = True  # the app's loop has closed under us
        finally:
            self._looking.release()

    # --- closing --------------------------------------------------------------------------

    def close(self) -> None:
        """Close the Store and the reader (the app is unmounting), once the watcher has
        finished the look it may be in."""
        self._closing = True
        with self._looking:  # a look in progress finishes first (a few milliseconds)
            pass
        if self.store is not None:
            self.store.close()
        if self.reader is not None:
            self.reader.close()

    def _thread(self, function: Callable[[], Any], *, group: str) -> None:
        self._app.run_worker(function, thread=True, group=group)


def bridge_of(node: DOMNode) -> StoreBridge:
    """The store bridge of the app `node` belongs to (the panes' port to the store)."""
    return cast(StoreBridge, getattr(node.app, "bridge"))
