"""Charts drawn on the server as small SVG documents: no JavaScript, nothing fetched from
elsewhere, readable by screen readers (a title and a description inside the SVG; pages put
a table of the same figures beside it).  Used by evaluation's rankings, the public
statistics and the monthly bulletin.

Bar and line charts are laid out once, as a list of shapes (:func:`bar_shapes`,
:func:`line_shapes`); :func:`svg` writes the shapes for a page and :func:`drawing` the very
same shapes for ReportLab, so the figure in the PDF bulletin is the one on the screen."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

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
        f'<rect x="{f.left}" y="{f.top}" width="{f.width - f.left - f.right}" height="{f.height - f.top - f.bottom}" fill="#ffffff" stroke="#c8ccd2"/>',
    ]
    tick = y_low
    while tick <= y_max + 1e-9:
        y = f.y(tick, y_low, y_max)
        out.append(f'<line x1="{f.left}" x2="{f.width - f.right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eceef1"/>')
        out.append(f'<text x="{f.left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#555555">{tick:g}</text>')
        tick += step
    x_step = _nice_step(n_max)
    tick = 0.0
    while tick <= n_max:
        x = f.x(tick, n_max)
        out.append(f'<text x="{x:.1f}" y="{f.height - f.bottom + 18}" text-anchor="middle" font-size="12" fill="#555555">{tick:g}</text>')
        tick += x_step
    out.append(f'<text x="{(f.left + f.width - f.right) / 2}" y="{f.height - 12}" text-anchor="middle" font-size="13" fill="#333333">{escape(x_label)}</text>')
    out.append(f'<text x="16" y="{f.top - 16}" font-size="13" fill="#333333">{escape(y_label)}</text>')

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
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" stroke="#777777" stroke-width="1.5"/>'
        else:
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#1f5fa8" fill-opacity="0.8"/>'
        out.append(f"<g><title>{escape(label)}</title>{shape}</g>")
    legend = [("#1f5fa8", "", "平均水平"), ("#d9822b", "6 4", "95% 控制限"), ("#c23030", "2 3", "99.8% 控制限")]
    x = f.left
    for colour, dash, text in legend:
        out.append(f'<line x1="{x}" x2="{x + 24}" y1="{f.top - 18}" y2="{f.top - 18}" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{x + 30}" y="{f.top - 14}" font-size="12" fill="#333333">{text}</text>')
        x += 130
    out.append(
        f'<circle cx="{x + 6}" cy="{f.top - 18}" r="5" fill="#ffffff" stroke="#777777"/><text x="{x + 16}" y="{f.top - 14}" font-size="12" fill="#333333">样本不足</text>'
    )
    out.append(
        f'<path d="M{x + 95},{f.top - 23} l10,10 m-10,0 l10,-10" stroke="#c23030" stroke-width="2.5"/><text x="{x + 112}" y="{f.top - 14}" font-size="12" fill="#333333">一票否决</text>'
    )
    out.append("</svg>")
    return mark_safe("".join(out))


# ---- bar and line charts: one layout, two renderers -----------------------------------------

WIDE_MIN = 480  # narrower drawings use the phone layout
PHONE_WIDTH = 300  # a 360 px screen less the card's padding: text keeps its size there, grows a little at 390

PALETTE = ("#1f5fa8", "#d9822b", "#c23030", "#2e8b57", "#7a4fa3", "#5f6b7a")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per category; None = nothing to count ("无办件")
    intervals: Sequence[tuple[float | None, float | None]] = ()  # optional (low, high) per value
    notes: Sequence[str] = ()  # optional: what to write where a value is None (default 无办件)


@dataclass(frozen=True)
class Chart:
    """What a chart shows, independent of how it is drawn."""

    title: str
    description: str  # the sentence a screen reader reads; pages show it as the caption
    categories: Sequence[str]
    series: Sequence[Series]
    unit: str = ""
    y_max: float | None = None  # fixed scale (100 for rates); None = from the data
    ident: str = "chart"  # unique within a page: ties the SVG to its <title> and <desc>
    kind: str = "bar"  # bar | line

    def as_dict(self) -> dict:
        """Plain JSON-able data (a bulletin stores what it showed)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Chart:
        series = [Series(s["name"], s["values"], [tuple(i) for i in s.get("intervals", ())], s.get("notes", ())) for s in data["series"]]
        return cls(**(data | {"series": series}))

    def table(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The figures as the table beside the chart: per category, (series name, text) cells."""
        cells = []
        for g, category in enumerate(self.categories):
            row = []
            for s in self.series:
                value = s.values[g]
                row.append((s.name, ((s.notes[g] if s.notes else "") or "无办件") if value is None else f"{_fmt(value)}{self.unit}"))
            cells.append((category, row))
        return cells

    def layout(self, *, width: int = 720) -> Layout:
        return bar_shapes(self, width=width) if self.kind == "bar" else line_shapes(self, width=width)


@dataclass(frozen=True)
class Shape:
    """One drawing instruction in SVG coordinates (y grows downwards)."""

    kind: str  # rect | line | text | polyline | circle
    points: tuple[float, ...]  # rect: x, y, w, h; line: x1, y1, x2, y2; text: x, y; polyline: x1, y1, …; circle: cx, cy, r
    fill: str = "none"
    stroke: str = "none"
    width: float = 1.0
    dash: str = ""
    text: str = ""
    size: float = 12
    anchor: str = "start"  # start | middle | end
    tip: str = ""  # tooltip (SVG <title>) for a mark


@dataclass
class Layout:
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)

    def add(self, kind: str, *points: float, **style) -> None:
        self.shapes.append(Shape(kind, tuple(points), **style))


def _scale_max(chart: Chart) -> float:
    if chart.y_max is not None:
        return chart.y_max
    highest = max([v for s in chart.series for v in s.values if v is not None] + [hi for s in chart.series for _, hi in s.intervals if hi is not None] + [1])
    step = _nice_step(highest)
    return math.ceil(highest / step) * step


def _fmt(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _legend(layout: Layout, chart: Chart, x: float, y: float) -> None:
    if len(chart.series) < 2:
        return
    for index, s in enumerate(chart.series):
        colour = PALETTE[index % len(PALETTE)]
        layout.add("rect", x, y - 10, 12, 12, fill=colour)
        layout.add("text", x + 17, y, text=s.name, size=12, fill="#333333")
        x += 30 + 13 * len(s.name)


def bar_shapes(chart: Chart, *, width: int = 720) -> Layout:
    """Horizontal bars, one group per category (department names are long), the value at
    the end of each bar, its interval as a whisker, "无办件" where there is nothing to count."""
    groups, per = max(len(chart.categories), 1), max(len(chart.series), 1)
    # On a narrow drawing each category's name gets a line of its own above its bars, so
    # the bars keep the whole width instead of what a long department name leaves them.
    stacked = width < WIDE_MIN
    label_width = 8 if stacked else min(240, 14 + 13 * max([len(c) for c in chart.categories] + [4]))
    bar, gap = 14, 10
    head = 18 if stacked else 0
    top = 40 if len(chart.series) > 1 else 16
    plot_height = groups * (head + per * bar + gap)
    layout = Layout(width, top + plot_height + 30)
    left, right = label_width, width - (56 if stacked else 70)
    high = _scale_max(chart)

    def x(value: float) -> float:
        return left + (right - left) * min(max(value, 0.0), high) / high

    _legend(layout, chart, left, 18)
    step = _nice_step(high)
    tick = 0.0
    while tick <= high + 1e-9:
        layout.add("line", x(tick), top, x(tick), top + plot_height, stroke="#eceef1")
        layout.add("text", x(tick), top + plot_height + 16, text=_fmt(tick) + chart.unit, size=11, anchor="middle", fill="#555555")
        tick += step
    for g, category in enumerate(chart.categories):
        y0 = top + g * (head + per * bar + gap) + gap / 2
        if stacked:
            layout.add("text", left, y0 + 12, text=category, size=12, fill="#222222")
            y0 += head
        else:
            layout.add("text", left - 8, y0 + per * bar / 2 + 4, text=category, size=12, anchor="end", fill="#222222")
        for index, s in enumerate(chart.series):
            y = y0 + index * bar
            value = s.values[g]
            name = f"{category} {s.name}"
            if value is None:
                note = (s.notes[g] if s.notes else "") or "无办件"
                layout.add("text", left + 4, y + bar - 3, text=note, size=11, fill="#777777", tip=f"{name}：{note}")
                continue
            colour = PALETTE[index % len(PALETTE)]
            tip = f"{name}：{_fmt(value)}{chart.unit}"
            layout.add("rect", left, y + 1, max(x(value) - left, 1), bar - 2, fill=colour, tip=tip)
            end = x(value)
            if s.intervals and s.intervals[g][0] is not None:
                low, hi = s.intervals[g]
                tip += f"（95% 区间 {_fmt(low)}–{_fmt(hi)}{chart.unit}）"
                layout.add("line", x(low), y + bar / 2, x(hi), y + bar / 2, stroke="#222222", width=1.2, tip=tip)
                layout.add("line", x(low), y + 3, x(low), y + bar - 3, stroke="#222222", width=1.2)
                layout.add("line", x(hi), y + 3, x(hi), y + bar - 3, stroke="#222222", width=1.2)
                end = max(end, x(hi))
            if value or per == 1:  # in a group, a zero speaks for itself
                layout.add("text", end + 4, y + bar - 3, text=_fmt(value) + chart.unit, size=11, fill="#333333")
    layout.add("line", left, top, left, top + plot_height, stroke="#888888")
    return layout


def line_shapes(chart: Chart, *, width: int = 720, height: int = 320) -> Layout:
    """Lines over time (months along the bottom); a gap where a month has nothing to count."""
    layout = Layout(width, height)
    left, right, top, bottom = 44, width - (20 if width >= WIDE_MIN else 12), 40, height - 40
    high = _scale_max(chart)
    count = max(len(chart.categories), 1)

    def x(i: int) -> float:
        return left + (right - left) * (i + 0.5) / count

    def y(value: float) -> float:
        return bottom - (bottom - top) * min(max(value, 0.0), high) / high

    _legend(layout, chart, left, 18)
    step = _nice_step(high)
    tick = 0.0
    while tick <= high + 1e-9:
        layout.add("line", left, y(tick), right, y(tick), stroke="#eceef1")
        layout.add("text", left - 6, y(tick) + 4, text=_fmt(tick) + chart.unit, size=11, anchor="end", fill="#555555")
        tick += step
    every = max(1, math.ceil(count / (8 if width >= WIDE_MIN else 4)))  # labels that fit side by side
    for i, category in enumerate(chart.categories):
        if i == count - 1 or (i % every == 0 and count - 1 - i >= every):  # the last month always, never crowded
            layout.add("text", x(i), bottom + 18, text=category, size=11, anchor="middle", fill="#555555")
    for index, s in enumerate(chart.series):
        colour = PALETTE[index % len(PALETTE)]
        run: list[float] = []
        for i, value in enumerate([*s.values, None]):
            if value is None:
                if len(run) > 2:
                    layout.add("polyline", *run, stroke=colour, width=2)
                run = []
                continue
            run += [x(i), y(value)]
            layout.add("circle", x(i), y(value), 3.5, fill=colour, tip=f"{chart.categories[i]} {s.name}：{_fmt(value)}{chart.unit}")
    layout.add("line", left, bottom, right, bottom, stroke="#888888")
    return layout


def _svg_shape(shape: Shape) -> str:
    p = shape.points
    style = f'fill="{shape.fill}" stroke="{shape.stroke}"' + (f' stroke-width="{shape.width:g}"' if shape.stroke != "none" else "")
    style += f' stroke-dasharray="{shape.dash}"' if shape.dash else ""
    if shape.kind == "rect":
        body = f'<rect x="{p[0]:.1f}" y="{p[1]:.1f}" width="{p[2]:.1f}" height="{p[3]:.1f}" {style}/>'
    elif shape.kind == "line":
        body = f'<line x1="{p[0]:.1f}" y1="{p[1]:.1f}" x2="{p[2]:.1f}" y2="{p[3]:.1f}" {style}/>'
    elif shape.kind == "circle":
        body = f'<circle cx="{p[0]:.1f}" cy="{p[1]:.1f}" r="{p[2]:g}" {style}/>'
    elif shape.kind == "polyline":
        coords = " ".join(f"{p[i]:.1f},{p[i + 1]:.1f}" for i in range(0, len(p), 2))
        body = f'<polyline points="{coords}" {style}/>'
    else:
        body = f'<text x="{p[0]:.1f}" y="{p[1]:.1f}" font-size="{shape.size:g}" text-anchor="{shape.anchor}" fill="{shape.fill}">{escape(shape.text)}</text>'
    return f"<g><title>{escape(shape.tip)}</title>{body}</g>" if shape.tip else body


def _svg_document(chart: Chart, layout: Layout, *, ident: str, kind: str) -> str:
    ident = escape(ident)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} {layout.height}" class="chart chart-{kind}" role="img" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{ident}-title {ident}-desc"><title id="{ident}-title">{escape(chart.title)}</title>'
        f'<desc id="{ident}-desc">{escape(chart.description)}</desc>'
    )
    return head + "".join(_svg_shape(s) for s in layout.shapes) + "</svg>"


def svg(chart: Chart) -> SafeString:
    """The chart as inline SVG, named and described for screen readers: a wide drawing and
    a phone one (``PHONE_WIDTH`` units, fewer month labels, department names above their
    bars); the stylesheet shows one of them, scaled to the width it has."""
    wide = _svg_document(chart, chart.layout(), ident=chart.ident, kind="wide")
    phone = _svg_document(chart, chart.layout(width=PHONE_WIDTH), ident=f"{chart.ident}-phone", kind="phone")
    return mark_safe(wide + phone)


def drawing(chart: Chart, *, font: str, width: float):
    """The same layout as a ReportLab ``Drawing`` ``width`` points wide, for PDF documents."""
    layout = chart.layout()
    from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
    from reportlab.lib.colors import HexColor

    scale = width / layout.width
    out = Drawing(width, layout.height * scale)
    group = Group(transform=(scale, 0, 0, -scale, 0, layout.height * scale))  # SVG's y grows downwards

    def colour(value: str):
        return None if value == "none" else HexColor(value)

    for s in layout.shapes:
        p = s.points
        common = {"strokeColor": colour(s.stroke), "strokeWidth": s.width}
        if s.dash:
            common["strokeDashArray"] = [float(v) for v in s.dash.split()]
        if s.kind == "rect":
            group.add(Rect(p[0], p[1], p[2], p[3], fillColor=colour(s.fill), **common))
        elif s.kind == "line":
            group.add(Line(*p, **common))
        elif s.kind == "circle":
            group.add(Circle(*p, fillColor=colour(s.fill), **common))
        elif s.kind == "polyline":
            group.add(PolyLine(list(p), **common))
        else:  # text is drawn upright: flip it back around its own baseline
            label = Group(
                String(0, 0, s.text, fontName=font, fontSize=s.size, fillColor=colour(s.fill), textAnchor=s.anchor), transform=(1, 0, 0, -1, p[0], p[1])
            )
            group.add(label)
    out.add(group)
    return out
