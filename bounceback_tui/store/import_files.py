"""The files an import reads (issue 15): a CSV as text, the first sheet (or a named one) of an
`.xlsx` workbook, and the `.zip` archives LinkedIn and Notion hand out, read directly.

Each gives one or more `Table`s: a name (for messages and the Imported block) and CSV text,
so that every format goes through the same reading of headers, dates and statuses
(`csv_import.plan_csv`); a CSV file's rows are read from the disk at each pass instead (a
million rows are never held at once). Nothing here writes anything.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

from .csv_import import HEAD_CHARS, RowSource, dialect_of, records
from .errors import InvalidInput

CHECK_CHUNK = 1 << 20
"""How much of a CSV file is decoded at a time to learn its encoding."""
MAX_MEMBER_BYTES = 200 * 1024 * 1024
"""The largest file read out of an archive (a hunt's CSV is far smaller; a zip bomb is not)."""

LINKEDIN_FILES = re.compile(r"^(job applications(_\d+)?|saved jobs)\.csv$", re.IGNORECASE)
"""The files of a LinkedIn data download that hold a hunt (Jobs/…)."""


class ImportFileError(InvalidInput):
    """The file cannot be read as a table (the message says why and what to do)."""


@dataclass(frozen=True)
class Table:
    """One table to import: where it came from, and its rows as CSV text."""

    name: str
    text: str
    note: str = ""
    """How it was read, when that is worth saying (an encoding, a sheet)."""
    rows: RowSource | None = None
    """A CSV file's records, read from the disk at each pass (then `text` is empty)."""

    @property
    def source(self) -> str | RowSource:
        """What `plan_csv` reads: the rows, or the text."""
        return self.rows if self.rows is not None else self.text


def read_tables(path: Path, *, sheet: str | None = None) -> list[Table]:
    """The tables in `path` (.csv, .xlsx or .zip), in the order they should be imported."""
    suffix = path.suffix.lower()
    if sheet is not None and suffix != ".xlsx":
        raise ImportFileError("--sheet chooses a sheet of an .xlsx workbook")
    try:
        if suffix not in (".xlsx", ".zip"):
            return [csv_file_table(path)]
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: a folder; give the file inside it") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: {exc.strerror}") from None
    if suffix == ".xlsx":
        return [xlsx_table(data, path.name, sheet)]
    return zip_tables(data, path.name)


def csv_file_table(path: Path) -> Table:
    """A CSV file as a table whose rows are read from the disk at each pass: UTF-8 (a BOM is
    fine), else Windows-1252 as Excel writes it (the whole file is decoded once, a chunk at
    a time, to know which)."""
    import codecs

    with path.open("rb") as handle:
        start = handle.read(4096)
        _check_text(start, path.name)
        for encoding in ("utf-8-sig", "cp1252"):
            handle.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while chunk := handle.read(CHECK_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            break
        else:
            raise ImportFileError(f"{path.name}: not UTF-8 text; save it as UTF-8 (CSV UTF-8 "
                                  "in a spreadsheet) and try again")
    note = "" if encoding == "utf-8-sig" else ("read as Windows-1252 (cp1252): the file is "
                                               "not UTF-8")
    with path.open(encoding=encoding, newline="") as handle:
        dialect = dialect_of(handle.read(HEAD_CHARS))
    size = path.stat().st_size

    def rows() -> Any:
        try:
            handle = path.open(encoding=encoding, newline="")
        except OSError as exc:
            raise ImportFileError(f"{path}: {exc.strerror}") from None
        with handle:
            yield from records(handle, dialect, size)

    return Table(path.name, "", note, rows)


def _check_text(start: bytes, name: str) -> None:
    if start[:4] == b"PK\x03\x04":
        raise ImportFileError(f"{name}: a workbook or an archive, not CSV text; give it its "
                              "own name (.xlsx or .zip) or save the sheet as CSV UTF-8")
    if b"\x00" in start[:4096]:
        raise ImportFileError(f"{name}: not a text file; save the sheet as CSV UTF-8 and try "
                              "again")


def csv_table(data: bytes, name: str) -> Table:
    """A CSV file's text: UTF-8 (a BOM is fine), else Windows-1252 as Excel writes it."""
    _check_text(data[:4096], name)
    try:
        return Table(name, data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    try:
        return Table(name, data.decode("cp1252"),
                     "read as Windows-1252 (cp1252): the file is not UTF-8")
    except UnicodeDecodeError:
        raise ImportFileError(f"{name}: not UTF-8 text; save it as UTF-8 (CSV UTF-8 in a "
                              "spreadsheet) and try again") from None


def xlsx_table(data: bytes, name: str, sheet: str | None) -> Table:
    """A sheet of a workbook (the first, or `sheet`) as CSV text: dates as ISO text, whole
    numbers without `.0`, formulas as their last computed values."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(f"{name}: not a readable .xlsx workbook ({type(exc).__name__}); "
                              "save it again from the spreadsheet, or as CSV UTF-8") from None
    try:
        names = book.sheetnames
        if sheet is None:
            chosen = names[0]
        elif sheet in names:
            chosen = sheet
        else:
            raise ImportFileError(f"{name}: no sheet {sheet!r}; its sheets are "
                                  f"{', '.join(repr(n) for n in names)}")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in book[chosen].iter_rows(values_only=True):
            writer.writerow([_cell_text(value) for value in row])
    finally:
        book.close()
    note = f"sheet {chosen!r}" + (f" (of {len(names)}; --sheet NAME reads another)"
                                  if len(names) > 1 and sheet is None else "")
    return Table(f"{name} › {chosen}", out.getvalue(), note)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time(0) and not value.tzinfo
                else value.isoformat(timespec="minutes"))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def zip_tables(data: bytes, name: str) -> list[Table]:
    """The hunt in a LinkedIn data download (its job applications, then its saved jobs) or a
    Notion export (each database's `_all` file when there is one). A Notion export of
    several parts (zips inside the zip) is opened one level down."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFileError(f"{name}: not a readable .zip archive") from None
    members = _members(archive)
    linkedin = sorted((m for m in members if LINKEDIN_FILES.match(PurePosixPath(m).name)),
                      key=lambda m: (PurePosixPath(m).name.lower().startswith("saved"), m))
    if linkedin:
        return [Table(f"{name} › {PurePosixPath(m).name}",
                      csv_table(_read(archive, m), m).text) for m in linkedin]
    csvs = [m for m in members if m.lower().endswith(".csv")]
    alls = {m for m in csvs if m.lower().endswith("_all.csv")}
    chosen = [m for m in csvs if m in alls or f"{m[:-4]}_all.csv" not in alls]
    tables = []
    for member in chosen:
        table = csv_table(_read(archive, member), member)
        if _names_a_job(table.text):
            tables.append(Table(f"{name} › {_shown(member)}", table.text, table.note))
    if not tables:
        found = ", ".join(_shown(m) for m in csvs[:5]) or "no CSV files"
        raise ImportFileError(f"{name}: no table of applications in it (found: {found}); "
                              "import the CSV file that holds your hunt")
    return tables


def _members(archive: zipfile.ZipFile) -> list[str]:
    names = [info.filename for info in archive.infolist() if not info.is_dir()]
    inner = [n for n in names if n.lower().endswith(".zip")]
    if inner and not any(n.lower().endswith(".csv") for n in names):
        raise ImportFileError("an export in parts (zips inside the zip): unzip it and import "
                              "the CSV file that holds your hunt")
    return names


def _read(archive: zipfile.ZipFile, member: str) -> bytes:
    info = archive.getinfo(member)
    if info.file_size > MAX_MEMBER_BYTES:
        raise ImportFileError(f"{member}: over {MAX_MEMBER_BYTES // 1024 // 1024} MB; is it "
                              "really a list of applications?")
    return archive.read(member)


def _shown(member: str) -> str:
    """A Notion file name without its 32-digit id: `Job Applications 1a2b…_all.csv`."""
    return re.sub(r" [0-9a-f]{32}", "", PurePosixPath(member).name)


def _names_a_job(text: str) -> bool:
    from ..domain.import_words import field_of

    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    fields = {field_of(h) for h in header}
    return {"company", "role"} <= fields
