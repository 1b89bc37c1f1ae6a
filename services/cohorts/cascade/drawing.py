"""The cascade drawn as a tree (SVG): a row per level, a box per cohort with its people, a line to its parent. Text
is escaped; the drawing scales to the page's width."""
from __future__ import annotations

from html import escape

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 200, 58, 16, 44, 8
NAME_CHARS, LINE_CHARS = 22, 27  # what a box holds at 13 and 12 px


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1] + "…"


def svg(nodes: list[dict], *, people_word, title: str) -> str:
    """``nodes`` as ``operations.tree`` gives them; ``people_word(n)`` says "12 people" in the reader's language."""
    if not nodes:
        return ""
    rows: dict[int, list[dict]] = {}
    for node in nodes:
        rows.setdefault(node["level"], []).append(node)
    widest = max(len(row) for row in rows.values())
    width = PAD * 2 + widest * BOX_W + (widest - 1) * GAP_X
    height = PAD * 2 + len(rows) * BOX_H + (len(rows) - 1) * GAP_Y
    where: dict[int, tuple[float, float]] = {}
    for index, level in enumerate(sorted(rows)):
        row = rows[level]
        span = len(row) * BOX_W + (len(row) - 1) * GAP_X
        left = (width - span) / 2
        for n, node in enumerate(row):
            where[node["id"]] = (left + n * (BOX_W + GAP_X), PAD + index * (BOX_H + GAP_Y))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
             f'aria-label="{escape(title)}" class="cascade-tree" style="max-width:100%;height:auto">']
    for node in nodes:
        if node["parent"] in where:
            px, py = where[node["parent"]]
            x, y = where[node["id"]]
            parts.append(f'<line x1="{px + BOX_W / 2:.0f}" y1="{py + BOX_H:.0f}" x2="{x + BOX_W / 2:.0f}" y2="{y:.0f}" '
                         'stroke="#8aa79a" stroke-width="2"/>')
    for node in nodes:
        x, y = where[node["id"]]
        name = _cut(node["name"], NAME_CHARS)
        under = people_word(node["people"]) + (f' · {node["region"]}' if node["region"] else "")
        parts.append(f'<g><rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="#eef6f1" stroke="#1f6f43"/>'
                     f'<text x="{x + 8:.0f}" y="{y + 22:.0f}" font-size="13" font-weight="700" fill="#1b2a22">{escape(name)}</text>'
                     f'<text x="{x + 8:.0f}" y="{y + 42:.0f}" font-size="12" fill="#4a5a52">{escape(_cut(under, LINE_CHARS))}</text>'
                     f'<title>{escape(node["name"])}: {escape(under)}</title></g>')
    parts.append("</svg>")
    return "".join(parts)
