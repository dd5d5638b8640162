"""PDF building blocks for the office's documents (letters, bulletins): A4, Noto Sans SC
embedded (``xiaoneng.web.fonts``: readers need no Chinese font of their own), dates written
2026年11月21日.

ReportLab (with Pillow under it) adds tens of megabytes to a process, so it is imported by the
functions that draw, when a document is asked for, never when a worker starts."""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings

from xiaoneng.web.fonts import cjk_font

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table


@cache
def styles() -> dict[str, ParagraphStyle]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=cjk_font(), fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=30, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=6),
        "number": ParagraphStyle("number", parent=body, fontSize=11, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=12),
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "heading": ParagraphStyle("heading", parent=body, fontSize=14, leading=24, firstLineIndent=0, spaceBefore=10, spaceAfter=4),
        "sign": ParagraphStyle("sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12, firstLineIndent=0),
        "caption": ParagraphStyle("caption", parent=body, fontSize=11, leading=16, alignment=TA_CENTER, firstLineIndent=0),
        "note": ParagraphStyle("note", parent=body, fontSize=9, leading=13, firstLineIndent=0, textColor=colors.HexColor("#555555")),
    }


def office_name() -> str:
    return f"{settings.XIAONENG['CITY_NAME']}软环境建设办公室"


def paragraphs(style: str, *texts: str) -> list[Paragraph]:
    from reportlab.platypus import Paragraph

    return [Paragraph(t, styles()[style]) for t in texts]


def table(rows: list[list], widths: list[float]) -> Table:
    """A ruled table with a shaded header row; cells wrap (Chinese text breaks anywhere)."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = styles()["cell"]
    t = Table([[Paragraph(str(v), cell) for v in row] for row in rows], colWidths=[w * mm for w in widths], repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f7")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return t


def text_width() -> float:
    """The width between the margins of :func:`render`, in points."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    return A4[0] - 50 * mm


def render(story: list, *, title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm, bottomMargin=20 * mm, title=title, author=office_name()
    )
    doc.build(story)
    return buffer.getvalue()
