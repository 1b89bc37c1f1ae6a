"""Charts drawn by the server as SVG: no script, the same drawing on a 360 px phone, a laptop and an A4 sheet.

Every chart is a set of labelled horizontal bars (a label above each bar, its value at the bar's end), which stays
readable at any width because the drawing scales with its box and the text never sits beside a long label.
"""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 320  # the drawing's own units; it is scaled to the box it is shown in
ROW = 34  # a label line and a bar
BAR = 14
PALETTE = ("#1f6f43", "#d08a2e", "#3a6ea5", "#8c4f9f", "#6b7c8f")


def _text(x, y, text, *, anchor="start", size=11, weight="normal", fill="#1d2430"):
    return (f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">'
            f"{escape(text)}</text>")


def _svg(height: int, body: list[str], title: str) -> Markup:
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def bars(title: str, rows: list[tuple[str, float, str]], *, empty: str) -> Markup:
    """``rows``: (label, value, the value as shown). Bars scale to the largest value."""
    if not rows:
        return _svg(24, [_text(0, 16, empty, fill="#5b6573")], title)
    top = max(value for _, value, _ in rows) or 1
    body = []
    for i, (label, value, shown) in enumerate(rows):
        y = i * ROW
        length = max(1.0, (WIDTH - 70) * float(value) / float(top)) if value else 0
        body.append(_text(0, y + 12, label))
        body.append(f'<rect x="0" y="{y + 16}" width="{length:.1f}" height="{BAR}" rx="2" fill="{PALETTE[0]}"/>')
        body.append(_text(length + 4, y + 27, shown, weight="bold"))
    return _svg(len(rows) * ROW + 4, body, title)


def stacked(title: str, rows: list[tuple[str, dict]], series: list[tuple[str, str]], *, empty: str) -> Markup:
    """``rows``: (label, {series key: value}); ``series``: (key, its name), one colour each, with a legend on top."""
    if not rows:
        return _svg(24, [_text(0, 16, empty, fill="#5b6573")], title)
    body, x, line = [], 0.0, 0
    for i, (key, name) in enumerate(series):  # the legend wraps onto another line where it would run out
        width = 18 + 6.5 * len(name)
        if x and x + width > WIDTH:
            x, line = 0.0, line + 1
        body.append(f'<rect x="{x:.1f}" y="{2 + line * 16}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>')
        body.append(_text(f"{x + 14:.1f}", 11 + line * 16, name, size=10))
        x += width + 8
    offset = 20 + 16 * line
    top = max(sum(values.values()) for _, values in rows) or 1
    for i, (label, values) in enumerate(rows):
        y = offset + i * ROW
        body.append(_text(0, y + 12, label))
        left = 0.0
        for j, (key, _) in enumerate(series):
            value = values.get(key, 0)
            if not value:
                continue
            length = (WIDTH - 50) * value / top
            body.append(f'<rect x="{left:.1f}" y="{y + 16}" width="{length:.1f}" height="{BAR}" fill="{PALETTE[j % len(PALETTE)]}"/>')
            left += length
        body.append(_text(left + 4, y + 27, str(sum(values.values())), weight="bold"))
    return _svg(offset + len(rows) * ROW + 4, body, title)


def progress(title: str, rows: list[tuple[str, int | None, str]], *, empty: str) -> Markup:
    """``rows``: (indicator, percent of its target or None when it has none, "achieved / planned")."""
    rows = [r for r in rows if r[1] is not None]
    if not rows:
        return _svg(24, [_text(0, 16, empty, fill="#5b6573")], title)
    body = []
    for i, (label, percent, shown) in enumerate(rows):
        y = i * ROW
        full = WIDTH - 46
        body.append(_text(0, y + 12, f"{label}: {shown}"))
        body.append(f'<rect x="0" y="{y + 16}" width="{full}" height="{BAR}" rx="2" fill="#e4e8ed"/>')
        colour = PALETTE[0] if percent >= 100 else PALETTE[1]
        body.append(f'<rect x="0" y="{y + 16}" width="{full * min(percent, 100) / 100:.1f}" height="{BAR}" rx="2" fill="{colour}"/>')
        body.append(_text(WIDTH, y + 27, f"{percent}%", anchor="end", weight="bold"))
    return _svg(len(rows) * ROW + 4, body, title)
