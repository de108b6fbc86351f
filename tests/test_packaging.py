"""styles/ ships inside the wheel and is found both from a checkout and from an install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import bounceback_tui
from bounceback_tui.paths import styles_dir

ROOT = Path(__file__).resolve().parents[1]


def test_styles_are_found_from_the_checkout() -> None:
    if not (ROOT / "styles").is_dir():
        pytest.skip("not running from a checkout")
    assert Path(bounceback_tui.__file__).resolve().parent.parent == ROOT
    assert styles_dir() == ROOT / "styles"
    assert (styles_dir() / "app.tcss").is_file()


@pytest.mark.slow
def test_wheel_ships_styles_and_migrations_and_works_from_an_install(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("bounceback_tui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert "bounceback_tui/styles/app.tcss" in names
    assert "bounceback_tui/web/app_index.html" in names  # `serve`'s page
    assert "bounceback_tui/store/migrations/env.py" in names
    assert "bounceback_tui/store/migrations/script.py.mako" in names
    assert any(n.startswith("bounceback_tui/store/migrations/versions/0001") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    with zipfile.ZipFile(wheel) as archive:
        headers = archive.read(metadata).decode().split("\n\n")[0].splitlines()
    classifiers = {h.split(": ", 1)[1] for h in headers if h.startswith("Classifier: ")}
    assert {"Environment :: Console", "Intended Audience :: End Users/Desktop",
            "License :: OSI Approved :: MIT License", "Topic :: Office/Business",
            "Programming Language :: Python :: 3.11", "Programming Language :: Python :: 3.12",
            "Programming Language :: Python :: 3.13"} <= classifiers
    urls = {h.split(": ", 1)[1].split(", ")[0] for h in headers if h.startswith("Project-URL: ")}
    assert {"Homepage", "Documentation", "Issues"} <= urls
    assert any(h.startswith("Requires-Dist: tomlkit") for h in headers)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        assert "bounceback = bounceback_tui.__main__:main" in archive.read(entry_points).decode()

    # Run from the unpacked wheel only (as a plain `pip install .` would lay it out):
    # the styles are found inside the package and a new database migrates from the
    # migrations shipped in it.
    code = (
        "import bounceback_tui, bounceback_tui.paths as p;"
        "from bounceback_tui.store import Store;"
        f"s = Store.open({str(tmp_path / 'db' / 'x.db')!r}); s.close();"
        "print(bounceback_tui.__file__); print(p.styles_dir())"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env, cwd=tmp_path)
    module_file, styles = out.stdout.splitlines()
    assert module_file.startswith(str(tmp_path / "site"))
    assert styles == str(tmp_path / "site" / "bounceback_tui" / "styles")
