"""The written notices an applicant receives, as text and as PDF.

The wording cites the article that requires each notice.  A notice is stored as sent
(title and paragraphs), so reprinting it later gives the same document even if the item or
the application changed since."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from xiaoneng.core import hooks
from xiaoneng.core.clock import format_cn
from xiaoneng.web.fonts import cjk_font

from .models import NoticeKind, PreliminaryReview

LAW = "《中华人民共和国行政许可法》"
# Higher packages add to a printed notice through this slot: fn(notice) -> reportlab flowables
# (evaluation prints the 好差评 QR code on the documents of a finished application).
NOTICE_EXTRAS = "applications.notice_extras"
INDENT = "\u3000\u3000"


def addressee(app) -> str:
    return app.applicant_enterprise or app.applicant_name


def _opening(app) -> str:
    return f"{INDENT}您（单位）于{format_cn(app.received_on)}提交的“{app.version.name}”申请材料收悉。"


def receipt(app) -> tuple[str, list[str]]:
    return "收件回执", [
        f"{addressee(app)}：",
        _opening(app) + f"本机关将对申请材料进行审查，材料不齐全或者不符合法定形式的，将于{format_cn(app.acceptance_due_on)}前一次性告知您需要补正的全部内容；"
        f"逾期未告知的，自收到申请材料之日起即为受理（{LAW}第三十二条）。",
    ]


def correction(app, notice) -> tuple[str, list[str]]:
    lines = [
        f"{addressee(app)}：",
        _opening(app) + f"经审查，申请材料不齐全或者不符合法定形式。依据{LAW}第三十二条第一款第（四）项，现将需要补正的全部内容一次性告知如下：",
    ]
    number = 0
    for m in notice.missing:
        number += 1
        lines.append(f"{number}. {m['name']}（{m['copies']}份，{m['form']}）：未提交。")
    for m in notice.defective:
        number += 1
        lines.append(f"{number}. {m['name']}：{m['reason']}。")
    if notice.note:
        lines.append(f"{INDENT}{notice.note}")
    lines.append(
        f"{INDENT}请按上述要求补正全部材料后提交。补正材料齐全、符合法定形式的，本机关自收到补正材料之日起受理。除本告知书所列内容外，本机关不会要求您补正其他材料。"
    )
    return "一次性告知书", lines


def acceptance(app) -> tuple[str, list[str]]:
    if app.deemed_accepted:
        how = f"本机关未在五个工作日内告知补正，依照{LAW}第三十二条，自收到申请材料之日（{format_cn(app.accepted_on)}）起即为受理。"
    else:
        how = f"经审查，申请材料齐全、符合法定形式，本机关已于{format_cn(app.accepted_on)}受理。"
    prelim = PreliminaryReview.objects.select_related("department").filter(application_id=app.pk).first()
    if prelim is not None:
        return "受理通知书", [
            f"{addressee(app)}：",
            _opening(app) + how,
            f"{INDENT}依照{LAW}第四十三条，本事项由{prelim.department.name}初审，初审机关将于{format_cn(prelim.due_on)}前将初步审查意见和全部申请材料"
            f"直接报送{app.department.name}；{app.department.name}自收到材料之日起{app.version.legal_limit_days}个工作日内作出决定，不会要求您重复提供申请材料。",
        ]
    return "受理通知书", [
        f"{addressee(app)}：",
        _opening(app) + how,
        f"{INDENT}本机关将于{format_cn(app.legal_due_on)}前作出决定（法定期限{app.version.legal_limit_days}个工作日），"
        f"并承诺于{format_cn(app.committed_due_on)}前办结（承诺期限{app.version.committed_limit_days}个工作日）。",
    ]


def extension(app, ext) -> tuple[str, list[str]]:
    return "延期告知书", [
        f"{addressee(app)}：",
        f"{INDENT}您（单位）申请的“{app.version.name}”事项，因{ext.reason}，不能在原定期限（{format_cn(ext.legal_due_before)}）内作出决定。"
        f"依照{LAW}第四十二条，经本机关负责人于{format_cn(ext.approved_on)}批准，办理期限延长{ext.days}个工作日，"
        f"延长后的法定办结期限为{format_cn(ext.legal_due_after)}。",
    ]


def suspension(app, period) -> tuple[str, list[str]]:
    kind = period.get_kind_display()
    lines = [
        f"{addressee(app)}：",
        f"{INDENT}您（单位）申请的“{app.version.name}”事项，依法需要{kind}。依照{LAW}第四十五条，{kind}所需时间不计算在办理期限内。"
        f"{kind}自{format_cn(period.start_on)}开始。",
    ]
    if period.reason:
        lines.append(f"{INDENT}说明：{period.reason}")
    return f"{kind}期间不计时告知书", lines


def resumption(app, period) -> tuple[str, list[str]]:
    kind = period.get_kind_display()
    return "恢复计时告知书", [
        f"{addressee(app)}：",
        f"{INDENT}您（单位）申请的“{app.version.name}”事项，{kind}（{format_cn(period.start_on)}至{format_cn(period.end_on)}）已经结束，"
        f"其间{period.excluded_days}个工作日依照{LAW}第四十五条不计算在办理期限内。"
        f"法定办结期限调整为{format_cn(app.legal_due_on)}，承诺办结期限调整为{format_cn(app.committed_due_on)}。",
    ]


def decision(app) -> tuple[str, list[str]]:
    to = f"{addressee(app)}："
    name = app.version.name
    if app.status == "approved":
        lines = [
            to,
            f"{INDENT}您（单位）申请的“{name}”事项，经审查，符合法定条件、标准，本机关于{format_cn(app.decided_on)}决定准予"
            f"{'延续' if app.renews_id else '许可'}。依照{LAW}第四十四条，本机关将于{format_cn(app.certificate_due_on)}前向您颁发、送达许可证件。",
        ]
        if app.valid_until:
            lines.append(
                f"{INDENT}许可有效期至{format_cn(app.valid_until)}。需要延续的，请于有效期届满{app.version.renewal_lead_days}日前提出申请（{LAW}第五十条）。"
            )
        return "准予行政许可决定书", lines
    if app.status == "deemed_approved":
        return "视为准予许可告知书", [
            to,
            f"{INDENT}您（单位）申请的“{name}”事项，本机关未在法定期限（{format_cn(app.legal_due_on)}）内作出决定，依照本事项公布的办理规定，"
            f"自{format_cn(app.decided_on)}起视为准予许可。本机关将于{format_cn(app.certificate_due_on)}前向您颁发、送达许可证件。",
        ]
    return "不予行政许可决定书", [
        to,
        f"{INDENT}您（单位）申请的“{name}”事项，经审查，本机关于{format_cn(app.decided_on)}决定不予许可。理由如下：{app.decision_reason}",
        f"{INDENT}依照{LAW}第三十八条，您如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到之日起六个月内依法提起行政诉讼。",
    ]


def licence_document_number(app) -> str:
    """The deemed-renewal document's number: the renewal application's business number with
    the 延 prefix (unique with it, and no shared counter)."""
    return f"延{app.number}"


def deemed_renewal(app) -> tuple[str, list[str]]:
    licence = app.renews
    return "视为准予延续决定书", [
        f"{addressee(app)}：",
        f"{INDENT}文书编号：{licence_document_number(app)}",
        f"{INDENT}您（单位）于{format_cn(app.received_on)}申请延续“{app.version.name}”许可（原办件编号{licence.number}，有效期至{format_cn(licence.valid_until)}），"
        f"系在有效期届满{app.version.renewal_lead_days}日前提出。本机关未在有效期届满前作出是否准予延续的决定，依照{LAW}第五十条第二款，视为准予延续。",
        f"{INDENT}延续后的许可有效期至{format_cn(app.valid_until)}。本决定书与原许可证件一并使用。",
    ]


def preliminary(app, review) -> tuple[str, list[str]]:
    return "初审报送告知书", [
        f"{addressee(app)}：",
        f"{INDENT}您（单位）申请的“{app.version.name}”事项，{review.department.name}已于{format_cn(review.sent_on)}完成初审，"
        f"并将初步审查意见和全部申请材料直接报送{app.department.name}（{LAW}第四十三条），您无需重复提供申请材料。",
        f"{INDENT}{app.department.name}于{format_cn(review.arrived_on)}收到材料，将于{format_cn(app.legal_due_on)}前作出决定，"
        f"并承诺于{format_cn(app.committed_due_on)}前办结。",
    ]


def not_accepted(app) -> tuple[str, list[str]]:
    lines = [
        f"{addressee(app)}：",
        _opening(app) + f"经审查，本机关于{format_cn(app.decided_on)}决定不予受理。理由：{app.decision_reason}",
    ]
    if app.competent_body:
        lines.append(f"{INDENT}依照{LAW}第三十二条第一款第（二）项，该申请事项不属于本机关职权范围，请您向{app.competent_body}申请。")
    return "不予受理决定书", lines


def withdrawal(app) -> tuple[str, list[str]]:
    return "撤回申请确认书", [
        f"{addressee(app)}：",
        f"{INDENT}您（单位）于{format_cn(app.decided_on)}撤回了“{app.version.name}”申请，本机关终止办理。理由：{app.decision_reason}",
    ]


BUILDERS = {
    NoticeKind.RECEIPT: receipt,
    NoticeKind.CORRECTION: correction,
    NoticeKind.ACCEPTANCE: acceptance,
    NoticeKind.EXTENSION: extension,
    NoticeKind.SUSPENSION: suspension,
    NoticeKind.RESUMPTION: resumption,
    NoticeKind.DECISION: decision,
    NoticeKind.NOT_ACCEPTED: not_accepted,
    NoticeKind.WITHDRAWAL: withdrawal,
    NoticeKind.DEEMED_RENEWAL: deemed_renewal,
    NoticeKind.PRELIMINARY: preliminary,
}


def pdf(notice) -> bytes:
    """The notice as an A4 PDF, with the platform's Chinese font embedded."""
    # ReportLab (and Pillow under it) costs a worker tens of megabytes: loaded when a PDF is made.
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = cjk_font()
    title = ParagraphStyle("title", fontName=font, fontSize=20, leading=30, alignment=1, spaceAfter=6 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=12.5, leading=22, wordWrap="CJK", spaceAfter=2 * mm)
    right = ParagraphStyle("right", parent=body, alignment=2)
    small = ParagraphStyle("small", parent=body, fontSize=10, leading=16, textColor="#555555")
    app = notice.application
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm, bottomMargin=20 * mm, title=notice.title, author=app.department.name
    )
    story = [Paragraph(escape(notice.title), title)]
    story += [Paragraph(escape(line).replace(INDENT, "&#12288;&#12288;"), body) for line in notice.body]
    story += [
        Spacer(1, 12 * mm),
        Paragraph(escape(app.department.name), right),
        Paragraph(format_cn(notice.issued_on), right),
        Spacer(1, 10 * mm),
        Paragraph(escape(f"办件编号：{app.number}　查询码：{app.query_code}（可在政务服务效能公开门户查询办理进度）"), small),
    ]
    for extra in hooks.get_hooks(NOTICE_EXTRAS):
        story += extra(notice, small)
    doc.build(story)
    return out.getvalue()
