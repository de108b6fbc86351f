"""The Timeline pane's streak chart as lines of (text, role) pieces: the runs of no's, the
effort heatmap, the bounce-back trend and the funnel, from what one read gave
(`ChartInput`); and the same lines as an SVG file. The layout of each part is
`bounceback_tui.domain.chart` (pure); this puts the parts in order, with their headings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.user_text import visible

if TYPE_CHECKING:
    from ..domain.chart import Line
    from .timeline import ChartInput

HEAT_WEEKS = 26
"""The effort heatmap's weeks at most."""
ROLE_STYLES = {
    "heading": "bold", "label": "", "text": "", "muted": "$text-muted", "number": "bold",
    "rejected": "$text-error", "ghosted": "$text-warning", "yes": "bold $text-success",
    "open": "$text-muted", "heat-0": "$text-muted", "heat-1": "$text-success",
    "heat-2": "$text-success", "heat-3": "$text-success", "heat-4": "$text-success",
    "spark": "$text-accent", "good": "bold $text-success", "bar": "$text-primary",
}
"""How the chart's roles look on screen (theme variables, so every theme works). The glyphs
carry the meaning on their own; colour only adds to it."""
SVG_COLOURS = {"rejected": "error", "ghosted": "warning", "yes": "success", "good": "success",
               "heat-1": "success", "heat-2": "success", "heat-3": "success",
               "heat-4": "success", "spark": "accent", "bar": "primary"}


def chart_lines(chart: ChartInput | None, width: int, *, range_days: int | None,
                range_label: str, gentle: bool) -> list[Line]:
    """The whole chart as lines of (text, role) pieces, `width` cells wide, for the range
    `range_days` back (None: everything) called `range_label`."""
    from ..domain import chart as layout

    if chart is None:
        return []
    data = chart.data
    stats = data.stats
    marks = [layout.OutcomeMark(stage, company, day) for stage, company, day in data.marks]
    runs = layout.split_runs(marks)
    since = chart.since
    bounce = [days for at, days in data.bounce if since is None or at >= since]
    weeks = min(layout.heat_weeks(width, HEAT_WEEKS),
                HEAT_WEEKS if range_days is None else max(1, range_days // 7))
    sections: dict[str, list[Line]] = {}
    sections["runs"] = [[("Every no, a step toward a yes", "heading"),
                         ("  all time", "muted")],
                        *layout.runs_chart(runs, width, gentle=gentle)]
    streak = layout.streak_line(stats.activity.current, stats.activity.longest)
    sections["effort"] = [[("Showing up", "heading"), (f"  last {weeks} weeks", "muted")],
                          *layout.heatmap(data.day_counts, chart.today, weeks),
                          *([streak] if streak else [])]
    span = "all time" if since is None else f"last {range_label}"
    trend: list[Line] = [[("Bouncing back", "heading"), (f"  {span}", "muted")]]
    if bounce:
        trend.append([(layout.sparkline(bounce, max(8, width - 2)), "spark")])
        sentence = layout.trend_sentence(bounce)
        good = sentence is not None and sentence.startswith("bouncing back faster")
        if sentence:
            trend.append([(sentence, "good" if good else "text")])
        import statistics

        # The median of what the line above shows: the heading's span, never another.
        median, nos = statistics.median(bounce), "no" if len(bounce) == 1 else "no's"
        trend.append([(f"median {median:.1f} days over {len(bounce)} {nos}", "muted")]
                     if not gentle else
                     [(f"median {median:.1f} days to your next step", "muted")])
    else:
        trend.append([("after a no, the days until your next step will show here",
                       "muted")])
    sections["trend"] = trend
    sections["funnel"] = [[("Funnel", "heading"), ("  all time", "muted")],
                          *layout.funnel_lines(stats.funnel, stats.response_rate,
                                                            min(width, 72))]
    order = (("effort", "funnel", "trend", "runs") if gentle
             else ("runs", "effort", "trend", "funnel"))
    lines: list[Line] = []
    for name in order:
        if lines:
            lines.append([])
        lines.extend(sections[name])
    return lines


def chart_svg(lines: list[Line], width: int, variables: dict[str, str]) -> str:
    """The chart's `lines` as an SVG document `width` cells wide, in a theme's colours
    (`variables`, as `App.theme_variables` gives them)."""
    import io

    from rich.console import Console
    from rich.text import Text

    console = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor",
                      force_terminal=True)
    for line in lines:
        text = Text(no_wrap=True)
        for piece, role in line:
            colour = variables.get(SVG_COLOURS.get(role, ""), None)
            style = f"{'bold ' if role in ('heading', 'number', 'yes') else ''}"
            style += colour if colour else ("dim" if role in ("muted", "heat-0") else "")
            text.append(visible(piece), style=style.strip() or None)
        console.print(text)
    return console.export_svg(title="BounceBack — from no to next")
