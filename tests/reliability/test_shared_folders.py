"""Shared and hostile folders: another user on the same machine can neither read the hunt nor
make BounceBack write where they choose.

Each test is an attack seen in a pass run as two ordinary users on one machine, replayed with
real processes: the victim runs the installed `bounceback`; the attacker is a second user
(`setpriv` to `nobody`, which needs root; those tests skip, saying so, otherwise) working
in a folder both can reach. What must hold each time: one line, exit status 1, and nothing
of the attacker's (or of the victim's) changed.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_support import Tally, one_error_line, run_cli, sha256, succeeded

from bounceback_tui.private_files import write_private_text
from bounceback_tui.store import Store

NOBODY = 65534
SETPRIV = shutil.which("setpriv")
STRACE = shutil.which("strace")
AS_ROOT = os.geteuid() == 0

needs_second_user = pytest.mark.skipif(
    not (AS_ROOT and SETPRIV),
    reason="acting as a second user needs root and setpriv (util-linux); as an ordinary "
           "user, files of another owner cannot be made")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def attacker(*command: str) -> None:
    """Run `command` as the second user (nobody), checking that it worked."""
    assert SETPRIV is not None
    subprocess.run([SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                    *command], check=True, capture_output=True)


@pytest.fixture
def machine() -> Iterator[Path]:
    """A folder everyone can pass through (0711), as /home or /tmp are: the victim's own
    private folder and shared folders go inside. Removed afterwards."""
    base = Path(tempfile.mkdtemp(prefix="bb-machine-"))
    os.chmod(base, 0o711)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def shared_folder(base: Path, name: str = "shared", folder_mode: int = 0o1777) -> Path:
    """A folder others can write (sticky like /tmp by default)."""
    folder = base / name
    folder.mkdir()
    os.chmod(folder, folder_mode)
    return folder


def listing(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every name in `folder` with its owner, mode and contents (or link target)."""
    seen = {}
    for entry in sorted(folder.iterdir()):
        st = os.lstat(entry)
        body = (os.readlink(entry).encode() if stat.S_ISLNK(st.st_mode)
                else entry.read_bytes() if stat.S_ISREG(st.st_mode) else b"")
        seen[entry.name] = (st.st_uid, stat.S_IMODE(st.st_mode), body)
    return seen


def refused(db: Path, *command: str) -> str:
    """`bounceback --db DB COMMAND` refused in one line; the message."""
    return one_error_line(run_cli("--db", str(db), *(command or ("add", "Acme", "Engineer"))))


# --- the database's folder ---------------------------------------------------------------------


def shared_group() -> int | None:
    """A group other than this user's own private one, that a folder can be given: with a
    group-writable mode, its members could write there. None when there is none to use."""
    if AS_ROOT:
        return NOBODY  # nogroup
    import grp
    import pwd

    me = pwd.getpwuid(os.geteuid()).pw_name
    for gid in os.getgroups():
        try:
            group = grp.getgrgid(gid)
        except KeyError:
            continue
        if group.gr_name != me or any(m != me for m in group.gr_mem):
            return gid
    return None


@pytest.mark.parametrize("folder_mode", [0o777, 0o1777, 0o775, 0o770])
def test_a_database_in_a_folder_others_can_write_is_refused(
        machine: Path, tally: Tally, folder_mode: int) -> None:
    """Setup: a folder writable by others (sticky or not), or by a group the user shares
    with others, holding nothing yet or the victim's own database.
    Action: `bounceback --db FOLDER/hunt.db add` and `list`.
    Holds: refused in one line naming the folder and the fix; nothing is created there,
    an existing database is byte for byte unchanged."""
    group = None
    if not folder_mode & 0o002:
        group = shared_group()
        if group is None:
            pytest.skip("this user belongs to no group shared with others")
    folder = shared_folder(machine, folder_mode=folder_mode)
    if group is not None:
        os.chown(folder, -1, group)
    for command in (("add", "Acme", "Engineer"), ("list",)):
        message = refused(folder / "hunt.db", *command)
        assert f"the folder {folder} can be written by other users" in message, message
        assert "chmod go-w" in message
        assert list(folder.iterdir()) == []
    private = machine / "mine"
    private.mkdir(mode=0o700)
    with Store.open(private / "hunt.db") as store:
        store.add_application("Acme", "Engineer")
    before = sha256(private / "hunt.db")
    os.chmod(private, folder_mode)
    if group is not None:
        os.chown(private, -1, group)
    message = refused(private / "hunt.db", "list")
    assert "can be written by other users" in message
    assert sha256(private / "hunt.db") == before and os.listdir(private) == ["hunt.db"]
    tally.fault("folder others can write", 3)


@needs_second_user
def test_an_attackers_empty_0666_file_is_refused_and_never_written(
        machine: Path, tally: Tally) -> None:
    """Setup: in a shared folder (1777, as /tmp), the attacker creates the victim's database
    name as an empty 0666 file of their own. Action: the victim runs `bounceback --db
    shared/hunt.db add` (and `list`). Holds: refused in one line; the attacker's file is
    still empty and 0666; nothing else appears; so nothing of the hunt reaches them."""
    folder = shared_folder(machine)
    planted = folder / "hunt.db"
    attacker("sh", "-c", f"umask 0; : > {planted}")
    before = listing(folder)
    assert before["hunt.db"] == (NOBODY, 0o666, b"")
    for command in (("add", "Acme", "Engineer"), ("list",)):
        assert "can be written by other users" in refused(planted, *command)
    assert listing(folder) == before
    tally.fault("attacker's empty file in a shared folder")


@needs_second_user
def test_files_of_another_user_are_refused_in_a_private_folder(
        machine: Path, tally: Tally) -> None:
    """Setup: the victim's private folder (0700) where a database, or its -wal, -shm or
    -journal, belongs to another user (left by a copy as root, a restored archive, …).
    Action: `bounceback --db … add`. Holds: refused in one line naming the file and its
    owner; every file unchanged, owner and mode included."""
    for planted in ("hunt.db", "hunt.db-wal", "hunt.db-shm", "hunt.db-journal"):
        folder = machine / f"mine-{planted}"
        folder.mkdir(mode=0o700)
        db = folder / "hunt.db"
        with Store.open(db) as store:
            store.add_application("Acme", "Engineer")
        target = folder / planted
        if not target.exists():
            target.write_bytes(b"")
        os.chown(target, NOBODY, NOBODY)
        before = listing(folder)
        message = refused(db)
        assert f"{target.name}" in message and "belongs to another user (nobody)" in message
        assert listing(folder) == before
    tally.fault("files of another user", 4)


@needs_second_user
def test_a_folder_of_another_user_is_refused(machine: Path, tally: Tally) -> None:
    """Setup: a folder (0755) that belongs to the attacker. Action: the victim asks for a
    new database in it. Holds: refused in one line naming the folder and its owner; the
    folder stays empty."""
    folder = machine / "theirs"
    folder.mkdir(mode=0o755)
    os.chown(folder, NOBODY, NOBODY)
    message = refused(folder / "hunt.db")
    assert f"the folder {folder} belongs to another user (nobody)" in message
    assert list(folder.iterdir()) == []
    tally.fault("folder of another user")


@needs_second_user
def test_a_dangling_link_planted_as_the_database_is_refused(
        machine: Path, tally: Tally) -> None:
    """Setup: the victim's folder holds `hunt.db`, a link to a file that does not exist yet
    in the attacker's folder (which the victim can write to: 1777). Action: `bounceback
    --db mine/hunt.db add`. Holds: refused in one line; no file appears at the link's
    target (so the attacker never gets a copy of the hunt, not even briefly 0644)."""
    theirs = shared_folder(machine, "theirs")
    mine = machine / "mine"
    mine.mkdir(mode=0o700)
    (mine / "hunt.db").symlink_to(theirs / "grab.db")
    message = refused(mine / "hunt.db")
    assert "is a link to" in message and "which does not exist" in message
    assert list(theirs.iterdir()) == [] and os.listdir(mine) == ["hunt.db"]
    tally.fault("dangling link as the database")


def test_a_link_to_the_users_own_database_elsewhere_still_works(machine: Path) -> None:
    """Setup: `hunt.db` is a link to the victim's database in another private folder (a
    synced folder, say). Action: add and list through the link. Holds: it works, and the
    -wal and -shm live beside the real file."""
    real_folder, link_folder = machine / "synced", machine / "mine"
    real_folder.mkdir(mode=0o700)
    link_folder.mkdir(mode=0o700)
    with Store.open(real_folder / "hunt.db") as store:
        store.add_application("Acme", "Engineer")
    (link_folder / "hunt.db").symlink_to(real_folder / "hunt.db")
    succeeded(run_cli("--db", str(link_folder / "hunt.db"), "add", "Globex", "Analyst"))
    listed = succeeded(run_cli("--db", str(link_folder / "hunt.db"), "list"))
    assert "Acme" in listed and "Globex" in listed
    assert os.listdir(link_folder) == ["hunt.db"]


def a_device(folder: Path) -> Path:
    """A character device to aim at: as root, a null device made in `folder` (so that a
    regression harms a copy, not the machine's /dev/null); otherwise /dev/null itself,
    which an ordinary user cannot change."""
    if not AS_ROOT:
        return Path("/dev/null")
    node = folder / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


def test_a_device_a_fifo_or_a_socket_is_refused_untouched(machine: Path, tally: Tally) -> None:
    """Setup: `--db` at a null device (the attack used /dev/null), a FIFO nobody writes
    to, and a socket. Action: `bounceback --db X list` and `add` (with a timeout: a FIFO
    used to hang). Holds: each is refused at once in one line; the device keeps its mode
    and no -journal, -wal or -shm appears beside any of them."""
    folder = machine / "mine"
    folder.mkdir(mode=0o700)
    device = a_device(folder)
    device_mode = mode(device)
    fifo = folder / "hunt.fifo"
    os.mkfifo(fifo, 0o600)
    sock_path = folder / "hunt.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    beside_device = sorted(os.listdir(device.parent))
    try:
        for target, kind in ((device, "a character device"), (fifo, "a FIFO"),
                             (sock_path, "a socket")):
            for command in (("list",), ("add", "Acme", "Engineer")):
                message = one_error_line(run_cli("--db", str(target), *command, timeout=20))
                assert f"is {kind}, not a database file" in message, message
    finally:
        server.close()
    assert mode(device) == device_mode and stat.S_ISCHR(os.lstat(device).st_mode)
    assert sorted(os.listdir(device.parent)) == beside_device
    assert sorted(os.listdir(folder)) == sorted(["hunt.fifo", "hunt.sock", *(
        [device.name] if device.parent == folder else [])])
    tally.fault("device, FIFO or socket as the database", 3)


def test_another_programs_new_database_with_tables_only_in_its_wal_is_refused(
        machine: Path, tally: Tally) -> None:
    """Setup: another program creates a new SQLite database in WAL mode and keeps it open;
    its first table and rows are still only in its -wal (the main file is empty or holds
    no table yet). Action: `bounceback --db THAT add`. Holds: refused in one line as another
    application's database; the other program still reads exactly its own rows, and no
    BounceBack table appears in its file."""
    folder = machine / "mine"
    folder.mkdir(mode=0o700)
    theirs = folder / "photos.db"
    other = sqlite3.connect(theirs, isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("PRAGMA wal_autocheckpoint = 0")  # nothing moves into the main file
    other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    other.execute("INSERT INTO photos (name) VALUES ('beach'), ('forest')")
    try:
        assert (folder / "photos.db-wal").stat().st_size > 32
        message = refused(theirs)
        assert "another application" in message, message
        rows = other.execute("SELECT name FROM photos ORDER BY id").fetchall()
        tables = [n for (n,) in other.execute("SELECT name FROM sqlite_master")]
    finally:
        other.close()
    assert rows == [("beach",), ("forest",)] and tables == ["photos"]
    tally.fault("another program's database, tables only in its -wal")


@pytest.mark.skipif(STRACE is None, reason="needs strace to see how files are opened")
def test_a_new_database_and_its_companions_are_0600_from_the_first_byte(
        machine: Path, tmp_path: Path) -> None:
    """Setup: umask 000, a new database path. Action: `bounceback add` under strace.
    Holds: the database is created with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600 (never
    a wider mode followed by a chmod), and SQLite's -wal and -shm are created 0600."""
    folder = machine / "mine"
    folder.mkdir(mode=0o700)
    db = folder / "hunt.db"
    trace = tmp_path / "trace.txt"
    old = os.umask(0)
    try:
        proc = subprocess.run([STRACE, "-f", "-e", "trace=openat,open,chmod,fchmod",
                               "-o", str(trace), shutil.which("bounceback") or "bounceback",
                               "--db", str(db), "add", "Acme", "Engineer"],
                              capture_output=True, text=True, check=False)
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr
    lines = trace.read_text().splitlines()
    creations = [line for line in lines if f'"{db}' in line and "O_CREAT" in line]
    first = next(line for line in creations if f'"{db}"' in line)
    assert "O_EXCL" in first and "O_NOFOLLOW" in first and ", 0600)" in first, first
    for suffix in ("-wal", "-shm"):
        made = [line for line in creations if f'"{db}{suffix}"' in line]
        assert made and all(", 0600)" in line for line in made), made
    assert not [line for line in lines if "chmod(" in line and str(db) in line
                and "0600" not in line]
    assert {p.name: mode(p) for p in folder.iterdir()} == {"hunt.db": 0o600}


# --- files BounceBack writes: exports, the chart, settings ------------------------------------


@needs_second_user
def test_an_export_into_a_shared_folder_never_writes_into_the_attackers_files(
        machine: Path, tally: Tally) -> None:
    """Setup: the victim's hunt; a shared folder (1777) where the attacker has planted the
    export's name as a 0666 file of their own (keeping a second link to it), and links
    at the names a predictable temporary file would have (`.hunt.json.PID.tmp` for the
    next 400 process ids) pointing at another file of the victim's.
    Action: `bounceback export --output shared/hunt.json --force`.
    Holds: the export is a new 0600 file of the victim's; the attacker's file (through
    their link) still holds only what they wrote; the victim's other file is untouched; no
    temporary file is left behind."""
    mine = machine / "mine"
    mine.mkdir(mode=0o700)
    db = mine / "hunt.db"
    with Store.open(db) as store:
        store.add_application("Secret Corp", "Engineer", notes="my private notes")
    precious = mine / "precious.txt"
    precious.write_text("the victim's other file\n")
    os.chmod(mine, 0o711)  # the attacker may name it, not list or change it
    folder = shared_folder(machine)
    export = folder / "hunt.json"
    attacker("sh", "-c", f"umask 0; echo theirs > {export}; ln {export} {folder}/keep")
    # One process plants the links for the process ids that come next (ids are handed out
    # in order, so the export's own is among them); /usr/bin/python3: the victim's Python
    # may live where the attacker cannot reach.
    attacker("/usr/bin/python3", "-c",
             "import os, sys\n"
             "for pid in range(os.getpid() + 1, os.getpid() + 400):\n"
             f"    os.symlink({str(precious)!r}, f'{folder}/.hunt.json.{{pid}}.tmp')")
    done = run_cli("--db", str(db), "export", "--output", str(export), "--force")
    assert done.returncode == 0 and done.stderr == f"Exported to {export}\n", done.stderr
    st = os.lstat(export)
    assert st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) == 0o600
    assert "Secret Corp" in export.read_text()
    assert (folder / "keep").read_text() == "theirs\n"
    assert precious.read_text() == "the victim's other file\n"
    left = [p.name for p in folder.iterdir() if not p.name.startswith(".hunt.json.")
            or not p.is_symlink()]
    assert sorted(left) == ["hunt.json", "keep"]
    tally.fault("export into a shared folder with planted files", 401)


def test_writing_a_private_file_replaces_a_link_by_its_name_and_never_follows_it(
        tmp_path: Path) -> None:
    """Setup: the settings file's name is a link to another file of the user's; an
    export's name is a link to nothing. Action: write the settings (replace) and the
    export (no replace). Holds: the link is replaced by a new 0600 file and its target is
    untouched; the export refuses the taken name (a dangling link is a taken name)."""
    target = tmp_path / "other.txt"
    target.write_text("keep me\n")
    settings = tmp_path / "settings.json"
    settings.symlink_to(target)
    write_private_text(settings, '{"theme": "nord"}\n', replace=True)
    assert not settings.is_symlink() and mode(settings) == 0o600
    assert target.read_text() == "keep me\n"
    dangling = tmp_path / "export.json"
    dangling.symlink_to(tmp_path / "nowhere" / "x.json")
    with pytest.raises(FileExistsError):
        write_private_text(dangling, "{}", replace=False)
    assert not (tmp_path / "nowhere").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json", "other.txt",
                                                          "settings.json"]


def test_an_export_to_a_device_is_refused(tmp_path: Path) -> None:
    """Setup: a hunt, and a null device (see `a_device`). Action: `export --output DEVICE
    --force` (as root this used to rename a temporary file over /dev/null, which broke
    the machine). Holds: one line, exit 1; the device is still the device it was."""
    db = tmp_path / "data" / "hunt.db"
    with Store.open(db) as store:
        store.add_application("Acme", "Engineer")
    device = a_device(tmp_path)
    before = os.lstat(device)
    message = one_error_line(run_cli("--db", str(db), "export", "--output", str(device),
                                     "--force"))
    assert "not a regular file" in message
    after = os.lstat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
