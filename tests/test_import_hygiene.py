"""The data layer and the CLI never import Textual or Rich (checked in a fresh process); the
CLI loads Rich's width tables (`rich.cells`, nothing else of Rich) to measure text that is
not plain ASCII, so its tables agree with the dashboard's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def gui(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in ("textual", "rich")}


def test_the_whole_data_layer_imports_no_textual_or_rich(tmp_path: Path) -> None:
    loaded = modules_after(
        "import bounceback_tui.store, bounceback_tui.store.interchange, "
        "bounceback_tui.demo.generate, bounceback_tui.store.journal_models, "
        "bounceback_tui.domain.metrics, bounceback_tui.domain.dates, bounceback_tui.domain.stages, "
        "bounceback_tui.store.queries.pipeline\n"
        "from bounceback_tui.store import Store\n"
        f"s = Store.open({str(tmp_path / 'x.db')!r}); s.add_application('A', 'B');"
        "s.stats(); s.close()"
    )
    assert "bounceback_tui.store.service" in loaded
    assert gui(loaded) == set()


def test_cli_commands_import_no_textual_or_rich(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    for argv in (["add", "Acme", "Engineer"], ["list"], ["stats", "--json"],
                 ["export", "--format", "markdown"]):
        loaded = modules_after(
            "from bounceback_tui.cli import cli\n"
            "try:\n"
            f"    cli.main(args={['--db', str(db), *argv]!r})\n"
            "except SystemExit as exit:\n"
            "    assert exit.code == 0, exit.code"
        )
        assert "bounceback_tui.store.service" in loaded
        assert gui(loaded) == set(), argv


RICH_WIDTHS = {"rich", "rich._extension", "rich.cells", "rich._unicode_data",
               "rich._unicode_data._versions"}
"""What measuring text with Rich loads (plus one table module, rich._unicode_data.unicode…)."""


def test_the_cli_measures_wide_text_with_richs_tables_only(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    loaded = modules_after(
        "from bounceback_tui.cli import cli\n"
        "for argv in (['add', 'Zürich ✉️ 日本', 'Dev 👩‍💻'], ['list']):\n"
        "    try:\n"
        f"        cli.main(args=['--db', {str(db)!r}, *argv])\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 0, exit.code"
    )
    assert "rich.cells" in loaded
    assert {m for m in gui(loaded) if not m.startswith("rich._unicode_data.unicode")} == RICH_WIDTHS


def test_bounceback_config_imports_no_textual_rich_or_toml_writer() -> None:
    from bounceback_tui.settings import config_path

    config_path().parent.mkdir(parents=True)
    config_path().write_text('theme = "nord"\n[keys]\n"pipeline.add" = "A"\n')
    loaded = modules_after(
        "from bounceback_tui.cli import cli\n"
        "try:\n"
        "    cli.main(args=['config'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code"
    )
    assert "bounceback_tui.settings" in loaded and "tomllib" in loaded
    assert gui(loaded) == set()
    assert "tomlkit" not in loaded  # loaded only to write


def test_the_pipeline_reader_reads_without_sqlalchemy(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    subprocess.run([sys.executable, "-m", "bounceback_tui", "--db", str(db), "add", "Acme", "Dev"],
                   check=True, capture_output=True)
    loaded = modules_after(
        "from pathlib import Path\n"
        "from bounceback_tui.store.queries.pipeline import PipelineReader\n"
        f"reader = PipelineReader.open(Path({str(db)!r}))\n"
        "assert [r.company for r in reader.page(limit=10)] == ['Acme'], 'rows'\n"
        "assert reader.count(search='acm') == 1\n"
    )
    assert not {m for m in loaded if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic")}
    assert gui(loaded) == set()


def test_the_first_frame_loads_no_pane_and_no_database_module() -> None:
    """What the dashboard imports before its first paint: the shell and the panes' outline,
    not the panes (they mount right after it), the database layer or dates (after that)."""
    loaded = modules_after("import bounceback_tui.app")
    assert "bounceback_tui.widgets.outline" in loaded
    late = {"bounceback_tui.panes.base", "bounceback_tui.panes.pipeline",
            "bounceback_tui.widgets.pipeline_table", "bounceback_tui.panes.reflection",
            "bounceback_tui.panes.timeline", "bounceback_tui.widgets.pane_note",
            "bounceback_tui.store", "bounceback_tui.store.queries.pipeline"}
    assert loaded & late == set()
    assert not {m.split(".")[0] for m in loaded} & {"sqlalchemy", "sqlmodel", "alembic",
                                                     "pendulum", "click", "tomlkit"}
