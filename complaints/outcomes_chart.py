"""The outcomes chart: one horizontal bar per group, the share reported stopped within the window, drawn as the
harassment log's chart is (guidance.analysis.harassment_chart_svg): an SVG document with presentation attributes
only (the CSP forbids style attributes and scripts), a title and a description for screen readers."""

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

WIDTH = 560
_ROW, _TOP, _LABEL_RIGHT, _BAR_LEFT, _BAR_RIGHT = 46, 60, 222, 230, 486
_BAR_FILL = "#1f4e79"
_TRACK_FILL = "#e6ecf2"
_FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def outcomes_chart_svg(rows: list[dict], *, title: str, id_prefix: str = "zr-outcomes") -> str:
    """`rows`: [{"label", "share" (0–1), "stopped", "cases"}], drawn in the order given."""
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    height = _TOP + _ROW * max(len(rows), 1) + 16
    description = "；".join(_("%(label)s：%(cases)s 个案件中 %(stopped)s 个报告骚扰停止（%(percent)s）")
                           % {"label": row["label"], "cases": row["cases"], "stopped": row["stopped"], "percent": _percent(row["share"])}
                           for row in rows) or _("没有可显示的组")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="outcomes-chart" viewBox="0 0 {WIDTH} {height}" width="100%"'
        f' preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="{title_id} {desc_id}" font-family="{_FONT}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="28" font-size="20" font-weight="bold" fill="#1a1a1a">{escape(title)}</text>',
    ]
    span = _BAR_RIGHT - _BAR_LEFT
    for index, row in enumerate(rows):
        y = _TOP + _ROW * index
        label = row["label"] if len(row["label"]) <= 12 else row["label"][:11] + "…"
        parts.append(f'<text x="{_LABEL_RIGHT}" y="{y + 25}" font-size="18" text-anchor="end" fill="#1a1a1a">{escape(label)}</text>')
        parts.append(f'<rect x="{_BAR_LEFT}" y="{y + 4}" width="{span}" height="30" fill="{_TRACK_FILL}"/>')
        parts.append(f'<rect x="{_BAR_LEFT}" y="{y + 4}" width="{span * row["share"]:.1f}" height="30" fill="{_BAR_FILL}"/>')
        parts.append(f'<text x="{_BAR_RIGHT + 6}" y="{y + 25}" font-size="18" fill="#1a1a1a">{_percent(row["share"])}</text>')
    if not rows:
        parts.append(f'<text x="{WIDTH // 2}" y="{_TOP + 20}" font-size="16" text-anchor="middle" fill="#444444">'
                     f'{escape(_("没有可显示的组"))}</text>')
    parts.append("</svg>")
    return "".join(parts)
