"""Server-rendered SVG trend charts (presentation only; the figures come from selectors).

Each chart comes with the same figures as a table on the page, so nothing is in the picture
alone (WCAG 1.1.1, 1.4.1).
"""

from __future__ import annotations

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 48, 28, 12
BUCKET_COLOURS = {"0-30": "#00703c", "31-90": "#1d70b8", "91-180": "#f47738", "181+": "#d4351c"}


def _x(i: int, n: int) -> tuple[float, float]:
    slot = (WIDTH - LEFT - 8) / max(n, 1)
    return LEFT + i * slot + slot * 0.15, slot * 0.7


def abstraction_chart(weeks: list[dict], limit: float) -> dict:
    """Bars of the weekly abstraction rate, with the force limit as a dashed line."""
    plot_h = HEIGHT - BOTTOM - TOP
    top = max([limit * 1.25] + [w["abstraction"]["rate"] or 0 for w in weeks if w["abstraction"]])
    top = max(top, 0.05)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    bars = []
    for i, week in enumerate(weeks):
        x, w = _x(i, len(weeks))
        rate = (week["abstraction"] or {}).get("rate")
        bar = {"x": round(x, 1), "w": round(w, 1), "label": week["week_start"].strftime("%d %b")}
        if rate is not None:
            bar.update(y=round(y(rate), 1), h=round(TOP + plot_h - y(rate), 1))
            bar["over"] = rate > limit
        bars.append(bar)
    ticks = [{"y": round(y(t), 1), "label": f"{t:.0%}"} for t in (0, top / 2, top)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "base": TOP + plot_h,
        "bars": bars,
        "limit_y": round(y(limit), 1),
        "limit_label": f"limit {limit:.0%}",
        "ticks": ticks,
    }


def ageing_chart(weeks: list[dict]) -> dict:
    """Stacked bars of the open priorities by age bucket at each week's end."""
    plot_h = HEIGHT - BOTTOM - TOP
    top = max([w["ageing"]["open"] for w in weeks] + [1])
    bars = []
    for i, week in enumerate(weeks):
        x, w = _x(i, len(weeks))
        base = TOP + plot_h
        parts = []
        for name, colour in BUCKET_COLOURS.items():
            count = week["ageing"]["buckets"].get(name, 0)
            h = plot_h * count / top
            if count:
                parts.append(
                    {"y": round(base - h, 1), "h": round(h, 1), "colour": colour, "name": name}
                )
            base -= h
        bars.append(
            {
                "x": round(x, 1),
                "w": round(w, 1),
                "parts": parts,
                "label": week["week_end"].strftime("%d %b"),
            }
        )
    ticks = [{"y": round(TOP + plot_h * (1 - t / top), 1), "label": t} for t in (0, top)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "base": TOP + plot_h,
        "bars": bars,
        "ticks": ticks,
        "legend": list(BUCKET_COLOURS.items()),
    }
