"""The 好差评 QR code printed on the documents of a finished application (the decision, the
not-accepted decision, the notices of a case completed on the spot): scanning it opens the
rating page with the number and query code filled in (channel 二维码)."""

from __future__ import annotations

from urllib.parse import urlencode
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse

from .services.common import rating_policy
from .services.ratings import RATEABLE_APPLICATIONS


def rating_link(app) -> str:
    query = urlencode({"type": "application", "number": app.number or app.pk, "code": app.query_code, "via": "qr"})
    return settings.XIAONENG["SITE_URL"].rstrip("/") + reverse("evaluation_public:rate") + "?" + query


def rating_qr(notice, style) -> list:
    """Flowables for ``applications.notice_extras``: the QR code and a line saying what it is for."""
    app = notice.application
    if app.status not in RATEABLE_APPLICATIONS:
        return []
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    widget = QrCodeWidget(rating_link(app))
    left, bottom, right, top = widget.getBounds()
    size = 28 * mm
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    days = rating_policy().window_days
    return [drawing, Paragraph(escape(f"扫码评价本次服务（政务服务“好差评”），办结后 {days} 天内可评价一次。"), style)]
