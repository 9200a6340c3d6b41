"""Server-rendered SVG trend charts and their table (presentation only; the figures come from
selectors).

Each chart comes with the same figures as a table on the page, so nothing is in the picture
alone (WCAG 1.1.1, 1.4.1).

The repeated parts (a chart's ticks and bars, the table's rows) are written here as markup,
every text escaped, rather than by template loops: a dozen weeks of bars, stacked parts and
table cells were a few hundred template lookups and localised numbers, half the rendering
time of the BCU and force pages (issue 14: the pages under 50 ms). Numbers print as the
template printed them (``str``: no thousands separator, ``USE_THOUSAND_SEPARATOR`` is off).
"""

from __future__ import annotations

from html import escape

from django.template.defaultfilters import floatformat
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 48, 28, 12
BUCKET_COLOURS = {"0-30": "#00703c", "31-90": "#1d70b8", "91-180": "#f47738", "181+": "#d4351c"}
OVER, UNDER = "#d4351c", "#1d70b8"  # a week above / within the force's abstraction limit
NONE = "–"  # a figure there is nothing to compute from


def _x(i: int, n: int) -> tuple[float, float]:
    slot = (WIDTH - LEFT - 8) / max(n, 1)
    return LEFT + i * slot + slot * 0.15, slot * 0.7


def _label(x: float, text: str) -> str:
    """A bar's label under the chart."""
    return f'<text x="{x}" y="{HEIGHT - 8}" font-size="10">{escape(text)}</text>'


def abstraction_chart(weeks: list[dict], limit: float) -> dict:
    """Bars of the weekly abstraction rate, with the force limit as a dashed line: the
    chart's size and limit line, and its ticks and bars as SVG markup."""
    plot_h = HEIGHT - BOTTOM - TOP
    top = max([limit * 1.25] + [w["abstraction"]["rate"] or 0 for w in weeks if w["abstraction"]])
    top = max(top, 0.05)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    bars = []
    for i, week in enumerate(weeks):
        x, w = (round(v, 1) for v in _x(i, len(weeks)))
        rate = (week["abstraction"] or {}).get("rate")
        if rate is not None:  # no bar for a week without working hours
            colour = OVER if rate > limit else UNDER
            bars.append(
                f'<rect x="{x}" y="{round(y(rate), 1)}" width="{w}" '
                f'height="{round(TOP + plot_h - y(rate), 1)}" fill="{colour}"/>'
            )
        if i % 2 == 0:  # every other week, or the labels overlap
            bars.append(_label(x, week["week_start"].strftime("%d %b")))
    ticks = []
    for t in (0, top / 2, top):
        ty = round(y(t), 1)
        ticks.append(
            f'<text x="{LEFT - 6}" y="{ty}" text-anchor="end" font-size="11">{t:.0%}</text>'
            f'<line x1="{LEFT}" x2="{WIDTH}" y1="{ty}" y2="{ty}" stroke="#b1b4b6" '
            'stroke-width="0.5"/>'
        )
    limit_y = round(y(limit), 1)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "ticks_svg": _safe(ticks),
        "bars_svg": _safe(bars),
        "limit_y": limit_y,
        "limit_label": f"limit {limit:.0%}",
        "limit_label_x": WIDTH - 4,
        "limit_label_y": int(limit_y) - 4,
    }


def ageing_chart(weeks: list[dict]) -> dict:
    """Stacked bars of the open priorities by age bucket at each week's end: the chart's size
    and legend, and its ticks and bars as SVG markup (each part titled with its bucket)."""
    plot_h = HEIGHT - BOTTOM - TOP
    top = max([w["ageing"]["open"] for w in weeks] + [1])
    bars = []
    for i, week in enumerate(weeks):
        x, w = (round(v, 1) for v in _x(i, len(weeks)))
        base = TOP + plot_h
        for name, colour in BUCKET_COLOURS.items():
            count = week["ageing"]["buckets"].get(name, 0)
            h = plot_h * count / top
            if count:
                bars.append(
                    f'<rect x="{x}" y="{round(base - h, 1)}" width="{w}" height="{round(h, 1)}" '
                    f'fill="{colour}"><title>{name} days</title></rect>'
                )
            base -= h
        if i % 2 == 0:
            bars.append(_label(x, week["week_end"].strftime("%d %b")))
    ticks = [
        f'<text x="{LEFT - 6}" y="{round(TOP + plot_h * (1 - t / top), 1)}" text-anchor="end" '
        f'font-size="11">{t}</text>'
        for t in (0, top)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "ticks_svg": _safe(ticks),
        "bars_svg": _safe(bars),
        "legend": list(BUCKET_COLOURS.items()),
    }


def trend_table_rows(weeks: list[dict], buckets: list[str]) -> list[dict]:
    """The rows of the table under the charts: {"label": "3 Nov to 9 Nov 2026", "cells":
    [{"text"}...]} with the week's working hours, abstraction rate (whole per cent), open
    priorities, the open priorities in each of ``buckets`` and their median age; "–" where a
    week has no figure."""
    rows = []
    for week in weeks:
        abstraction, ageing = week["abstraction"], week["ageing"]
        rate = abstraction["rate"] if abstraction else None
        median = ageing["median_age_days"]
        texts = [
            floatformat(abstraction["working_hours"], "-1") if abstraction else NONE,
            # As {% widthratio rate 1 100 %} wrote it: round() halves to even.
            f"{round(float(rate) * 100)}%" if rate is not None else NONE,
            str(ageing["open"]),
            *(str(ageing["buckets"].get(name, 0)) for name in buckets),
            floatformat(median, "-1") if median is not None else NONE,
        ]
        rows.append(
            {
                "label": f"{date_format(week['week_start'], 'j M')} to "
                f"{date_format(week['week_end'], 'j M Y')}",
                "cells": [{"text": text, "rag": None} for text in texts],
            }
        )
    return rows


def _safe(parts: list[str]) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 - built above, every text escaped
