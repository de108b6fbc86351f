"""What a crash leaves behind: a log the person can share without sharing their writing.

The log keeps a traceback's shape (every frame: file, line, function and its line of code;
each error's type, and the errors that led to it) and never its values: no error message,
no local variable, since either can hold the words the person typed.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path

WITHHELD = "(message withheld: it could hold your words)"


def _errors(error: BaseException) -> Iterator[tuple[BaseException, str]]:
    """`error` and those behind it, oldest first, each with how it led to the next one."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    how = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, how))
        inner = getattr(current, "error", None)  # a failed worker holds the real error
        if isinstance(inner, BaseException):
            current, how = inner, "The worker failed because of this error:"
        elif current.__cause__ is not None:
            current, how = current.__cause__, (
                "The above exception was the direct cause of the following exception:")
        elif current.__context__ is not None and not current.__suppress_context__:
            current, how = current.__context__, (
                "During handling of the above exception, another exception occurred:")
        else:
            current = None
    # Printed like Python's own tracebacks: the oldest error first.
    for index in range(len(chain) - 1, -1, -1):
        exc, how = chain[index]
        yield exc, how if index > 0 else ""


def error_name(error: BaseException) -> str:
    """`module.Type` of an error (builtins without their module)."""
    kind = type(error)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def traceback_shape(error: BaseException) -> str:
    """The traceback of `error` (and of the errors behind it) without any value in it."""
    lines: list[str] = []
    for exc, link in _errors(error):
        lines.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(exc.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        lines.append(f"{error_name(exc)}: {WITHHELD}")
        if link:
            lines += ["", link, ""]
    return "\n".join(lines) + "\n"


def unwrapped(error: BaseException) -> BaseException:
    """The error a failed worker failed with (the one worth naming), or `error` itself."""
    while isinstance(getattr(error, "error", None), BaseException):
        error = error.error  # type: ignore[attr-defined]
    return error


def write_crash_log(error: BaseException | None) -> Path | str:
    """Save the shape of `error`'s traceback to a private file (0600, in a 0700 folder) in
    the user state folder; its path, or why there is none."""
    try:
        import pendulum
        import platformdirs

        from .private_files import ensure_private_dir, write_private_text

        text = traceback_shape(error) if error is not None else "unknown error\n"
        folder = platformdirs.user_state_path("bounceback", appauthor=False)
        ensure_private_dir(folder)
        path = folder / f"crash-{pendulum.now().format('YYYYMMDD-HHmmss')}.log"
        write_private_text(path, text, replace=True)
        return path
    except Exception:  # noqa: BLE001 (the log is a courtesy; never let it hide the failure)
        return "(no log could be written)"


def crash_line(error: BaseException | None, log: Path | str) -> str:
    """The one line said when the dashboard stops because of a bug: which error, where in
    the code, that nothing saved is lost, and where the log is. No value of the error."""
    if error is None:
        return f"BounceBack stopped because of a bug; nothing you saved is lost. Details: {log}"
    first = unwrapped(error)
    where = ""
    frames = traceback.extract_tb(first.__traceback__) if first.__traceback__ else []
    if frames:
        where = f" in {Path(frames[-1].filename).name}:{frames[-1].lineno}"
    return (f"BounceBack stopped because of a bug ({type(first).__name__}{where}); nothing "
            f"you saved is lost. Details: {log}")


class QuietCrashes:
    """For the App: a crash exits non-zero with one line (`crash_message`); the traceback's
    shape, without values, goes to a private crash log. Textual's own report would print
    locals, which can hold the person's text."""

    crash_message: str | None = None
    _crash: BaseException | None = None

    def _handle_exception(self, error: Exception) -> None:  # Textual's hook
        if self._crash is None:  # the first error is the bug; later ones are its echoes
            self._crash = error
        super()._handle_exception(error)  # type: ignore[misc]

    def _fatal_error(self) -> None:  # Textual's hook
        self.crash_message = crash_line(self._crash, write_crash_log(self._crash))
        self._return_code = 1
        self._close_messages_no_wait()  # type: ignore[attr-defined]
