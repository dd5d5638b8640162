"""E-mail intake: messages to the 12345 mailbox become cases, once each (by Message-ID),
whether they come from .eml files, a Maildir folder or the IMAP fetch job."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import imaplib
import logging
from dataclasses import dataclass, field
from email.utils import parseaddr, parsedate_to_datetime

from django.conf import settings
from django.utils.html import strip_tags

from xiaoneng.core import clock
from xiaoneng.core.errors import InvalidInput, outcome
from xiaoneng.workorders.codes import Error

from ..models import IntakeChannel, WorkOrder, WorkOrderType
from .attachments import check_upload
from .intake import MAX_BACKDATE, Requester, Upload, workorder_create

log = logging.getLogger(__name__)

MAX_CONTENT = 4000

# The first of these words in the subject decides the type; plain mail is a consultation.
SUBJECT_TYPES = [
    ("举报", WorkOrderType.REPORT),
    ("投诉", WorkOrderType.COMPLAINT),
    ("企业", WorkOrderType.ENTERPRISE),
    ("求助", WorkOrderType.HELP),
    ("建议", WorkOrderType.SUGGESTION),
    ("咨询", WorkOrderType.CONSULTATION),
]


@dataclass
class ParsedMail:
    message_id: str
    sender_name: str
    sender_address: str
    subject: str
    body: str
    sent_at: dt.datetime | None
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def type_from_subject(subject: str) -> str:
    hits = [(subject.find(word), kind) for word, kind in SUBJECT_TYPES if word in subject]
    return min(hits)[1] if hits else WorkOrderType.CONSULTATION


def parse_message(raw: bytes) -> ParsedMail:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = str(msg.get("Message-ID") or "").strip() or f"<sha256-{hashlib.sha256(raw).hexdigest()}@xiaoneng>"
    name, address = parseaddr(str(msg.get("From") or ""))
    body_part = msg.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        body = body_part.get_content()
        if body_part.get_content_subtype() == "html":
            body = strip_tags(body)
    try:
        sent_at = parsedate_to_datetime(str(msg["Date"])) if msg.get("Date") else None
    except (TypeError, ValueError):
        sent_at = None
    attachments = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        attachments.append((part.get_filename() or "附件", payload))
    return ParsedMail(message_id[:255], name.strip(), address.strip(), str(msg.get("Subject") or "").strip(), body.strip(), sent_at, attachments)


def _received_at(sent_at: dt.datetime | None) -> dt.datetime:
    """The Date header when it is plausible (not in the future, not older than a month),
    otherwise the time of import."""
    now = clock.now()
    if sent_at is None or sent_at.tzinfo is None or not now - MAX_BACKDATE <= sent_at <= now:
        return now
    return sent_at


def workorder_import_email(*, by, raw: bytes) -> tuple[WorkOrder, bool]:
    """One message → one case (channel 电子邮件).  Returns (case, created); a message
    already imported returns its case.  Attachments of types that are not allowed are
    left out and named in the case content."""
    mail = parse_message(raw)
    existing = WorkOrder.objects.filter(email_message_id=mail.message_id).first()
    if existing is not None:
        return existing, False
    if not mail.sender_address:
        raise InvalidInput("邮件没有发件人地址", code=Error.MISSING_SENDER)
    uploads, skipped = [], []
    for name, content in mail.attachments:
        _, refused = outcome(lambda name=name, content=content: check_upload(name, content))
        if refused is None:
            uploads.append(Upload(name=name, content=content))
        else:
            skipped.append(f"{name}（{refused.message}）")
    content = mail.body or mail.subject
    if skipped:
        content += "\n\n〔未导入的附件：" + "；".join(skipped) + "〕"
    if len(content) > MAX_CONTENT:
        content = content[: MAX_CONTENT - 20] + "\n〔邮件过长，以下略〕"
    wo = workorder_create(
        by=by,
        channel=IntakeChannel.EMAIL,
        type=type_from_subject(mail.subject),
        title=mail.subject[:200],
        content=content,
        requester=Requester(name=mail.sender_name or mail.sender_address.split("@")[0], email=mail.sender_address),
        received_at=_received_at(mail.sent_at),
        email_message_id=mail.message_id,
        uploads=tuple(uploads[: settings.XIAONENG["WORKORDER_ATTACHMENTS_PER_CASE"]]),
    )
    return wo, True


def fetch_mailbox(*, by=None, imap_class=imaplib.IMAP4_SSL) -> dict:
    """Import the unread messages of the configured IMAP mailbox and mark each imported one
    read.  Does nothing when no mailbox is configured.  Safe to rerun: a message imported
    before is recognised by its Message-ID."""
    conf = settings.XIAONENG["WORKORDER_IMAP"]
    counts = {"created": 0, "existing": 0, "failed": 0}
    if not conf.get("host"):
        return counts
    conn = imap_class(conf["host"], conf["port"])
    try:
        conn.login(conf["user"], conf["password"])
        conn.select(conf.get("folder") or "INBOX")
        _, data = conn.search(None, "UNSEEN")
        for num in (data[0] or b"").split():
            _, parts = conn.fetch(num, "(RFC822)")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"")
            imported, refused = outcome(lambda raw=raw: workorder_import_email(by=by, raw=raw))
            if refused is not None:
                log.warning("mail %s not imported: %s", num, refused.message)
                counts["failed"] += 1
                continue
            counts["created" if imported[1] else "existing"] += 1
            conn.store(num, "+FLAGS", "\\Seen")
    finally:
        conn.logout()
    return counts
