"""Charts drawn on the server as small SVG documents: no JavaScript, nothing fetched from
elsewhere, readable by screen readers (a title and a description inside the SVG; pages put
a table of the same figures beside it).  Used by evaluation's rankings; meant for every
statistics page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Z95, Z998 = 1.959964, 3.090232


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    n: int
    value: float
    mark: str = ""  # "" | "vetoed" | "insufficient" — drawn differently, explained in the legend


@dataclass(frozen=True)
class Frame:
    """Plot area and scales."""

    width: int = 720
    height: int = 420
    left: int = 56
    right: int = 20
    top: int = 44
    bottom: int = 52

    def x(self, value: float, high: float) -> float:
        return self.left + (self.width - self.left - self.right) * value / high

    def y(self, value: float, low: float, high: float) -> float:
        return self.top + (self.height - self.top - self.bottom) * (high - value) / (high - low)


def _nice_step(span: float) -> float:
    raw = span / 6
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= raw)


def funnel_svg(
    points: Sequence[FunnelPoint],
    *,
    target: float,
    sd: float,
    title: str,
    description: str,
    x_label: str = "样本量",
    y_label: str = "得分",
    y_max: float = 100.0,
) -> SafeString:
    """A funnel plot: each unit's score against its sample size, the campaign's mean as the
    centre line and the 95 % and 99.8 % limits target ± z·sd/√n around it."""
    f = Frame()
    n_max = max([p.n for p in points] + [10]) * 1.08
    lowest_n = max(min([p.n for p in points if p.n > 0] or [1]), 1)
    y_low = min([p.value for p in points] + [target - Z998 * sd / math.sqrt(lowest_n)])
    step = _nice_step(max(y_max - y_low, 1))
    y_low = max(0.0, math.floor(y_low / step) * step)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {f.width} {f.height}" role="img" aria-labelledby="funnel-title funnel-desc" class="chart">',
        f'<title id="funnel-title">{escape(title)}</title><desc id="funnel-desc">{escape(description)}</desc>',
        f'<rect x="{f.left}" y="{f.top}" width="{f.width - f.left - f.right}" height="{f.height - f.top - f.bottom}" fill="#fff" stroke="#c8ccd2"/>',
    ]
    tick = y_low
    while tick <= y_max + 1e-9:
        y = f.y(tick, y_low, y_max)
        out.append(f'<line x1="{f.left}" x2="{f.width - f.right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eceef1"/>')
        out.append(f'<text x="{f.left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#555">{tick:g}</text>')
        tick += step
    x_step = _nice_step(n_max)
    tick = 0.0
    while tick <= n_max:
        x = f.x(tick, n_max)
        out.append(f'<text x="{x:.1f}" y="{f.height - f.bottom + 18}" text-anchor="middle" font-size="12" fill="#555">{tick:g}</text>')
        tick += x_step
    out.append(f'<text x="{(f.left + f.width - f.right) / 2}" y="{f.height - 12}" text-anchor="middle" font-size="13" fill="#333">{escape(x_label)}</text>')
    out.append(f'<text x="16" y="{f.top - 16}" font-size="13" fill="#333">{escape(y_label)}</text>')

    def clamp(v: float) -> float:
        return min(max(v, y_low), y_max)

    for z, colour, dash in ((Z95, "#d9822b", "6 4"), (Z998, "#c23030", "2 3")):
        for sign in (1, -1):
            coords = []
            for i in range(0, 121):
                n = max(1.0, n_max * i / 120)
                coords.append(f"{f.x(n, n_max):.1f},{f.y(clamp(target + sign * z * sd / math.sqrt(n)), y_low, y_max):.1f}")
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" stroke-dasharray="{dash}" points="{" ".join(coords)}"/>')
    yt = f.y(clamp(target), y_low, y_max)
    out.append(f'<line x1="{f.left}" x2="{f.width - f.right}" y1="{yt:.1f}" y2="{yt:.1f}" stroke="#1f5fa8" stroke-width="1.5"/>')
    for p in points:
        x, y = f.x(p.n, n_max), f.y(clamp(p.value), y_low, y_max)
        label = f"{p.label}：{p.value:.1f} 分，{p.n} 票"
        if p.mark == "vetoed":
            shape = f'<path d="M{x - 5:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 5:.1f} M{x - 5:.1f},{y + 5:.1f} L{x + 5:.1f},{y - 5:.1f}" stroke="#c23030" stroke-width="2.5"/>'
        elif p.mark == "insufficient":
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#fff" stroke="#777" stroke-width="1.5"/>'
        else:
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#1f5fa8" fill-opacity="0.8"/>'
        out.append(f"<g><title>{escape(label)}</title>{shape}</g>")
    legend = [("#1f5fa8", "", "平均水平"), ("#d9822b", "6 4", "95% 控制限"), ("#c23030", "2 3", "99.8% 控制限")]
    x = f.left
    for colour, dash, text in legend:
        out.append(f'<line x1="{x}" x2="{x + 24}" y1="{f.top - 18}" y2="{f.top - 18}" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{x + 30}" y="{f.top - 14}" font-size="12" fill="#333">{text}</text>')
        x += 130
    out.append(
        f'<circle cx="{x + 6}" cy="{f.top - 18}" r="5" fill="#fff" stroke="#777"/><text x="{x + 16}" y="{f.top - 14}" font-size="12" fill="#333">样本不足</text>'
    )
    out.append(
        f'<path d="M{x + 95},{f.top - 23} l10,10 m-10,0 l10,-10" stroke="#c23030" stroke-width="2.5"/><text x="{x + 112}" y="{f.top - 14}" font-size="12" fill="#333">一票否决</text>'
    )
    out.append("</svg>")
    return mark_safe("".join(out))
