"""Attachments: the type is read from the file's content (``filetype``), never from its
name; size and count are limited by configuration."""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.people import person
from xiaoneng.core.transitions import lock
from xiaoneng.org.access import is_staff_member
from xiaoneng.workorders.access import access_workorder_view
from xiaoneng.workorders.codes import Action, Error

from ..models import Attachment, WorkOrder
from .common import require

TYPE_LABELS = {
    "image/jpeg": "JPEG 图片",
    "image/png": "PNG 图片",
    "image/gif": "GIF 图片",
    "image/webp": "WebP 图片",
    "application/pdf": "PDF 文档",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word 文档",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel 表格",
    "audio/mpeg": "MP3 录音",
    "audio/amr": "AMR 录音",
    "audio/mp4": "M4A 录音",
    "audio/x-wav": "WAV 录音",
    "video/mp4": "MP4 视频",
}


def _config(name: str):
    return settings.XIAONENG[name]


def check_upload(name: str, content: bytes) -> filetype.Type:
    """The file's real type, or a clear refusal (too large, empty, not an allowed type)."""
    limit = _config("WORKORDER_ATTACHMENT_MAX_BYTES")
    if not content:
        raise InvalidInput(f"文件“{name}”是空文件", code=Shared.EMPTY_FILE)
    if len(content) > limit:
        raise InvalidInput(f"文件“{name}”超过 {limit // (1024 * 1024)}MB", code=Shared.FILE_TOO_LARGE)
    kind = filetype.guess(content[:8192])
    allowed = _config("WORKORDER_ATTACHMENT_TYPES")
    if kind is None or kind.mime not in allowed:
        labels = "、".join(dict.fromkeys(TYPE_LABELS.get(m, m) for m in allowed))
        raise InvalidInput(f"文件“{name}”的类型不允许上传（允许：{labels}）", code=Shared.UNSUPPORTED_FILE_TYPE)
    return kind


def attachment_store(*, by, workorder: WorkOrder, upload) -> Attachment:
    """Check and store one file of ``workorder`` (inside the caller's transaction)."""
    kind = check_upload(upload.name, upload.content)
    if workorder.attachments.count() >= _config("WORKORDER_ATTACHMENTS_PER_CASE"):
        raise Conflict(f"每个工单最多 {_config('WORKORDER_ATTACHMENTS_PER_CASE')} 个附件", code=Error.TOO_MANY_FILES)
    digest = hashlib.sha256(upload.content).hexdigest()
    att = Attachment(
        workorder=workorder,
        original_name=(upload.name or "附件")[-200:],
        extension=f".{kind.extension}",
        content_type=kind.mime,
        size=len(upload.content),
        sha256=digest,
        confidential=upload.confidential,
        uploaded_by=person(by),
        uploaded_at=clock.now(),
    )
    att.file.save(f"{digest[:16]}.{kind.extension}", ContentFile(upload.content), save=False)
    att.save()
    audit.record(
        actor=by,
        action=Action.ATTACHMENT,
        subject=workorder,
        after={"attachment": att.pk, "name": att.original_name, "type": att.content_type, "size": att.size, "sha256": digest},
        note=att.original_name,
    )
    return att


@transaction.atomic
def attachment_add(*, by, workorder: WorkOrder, upload, integration=None) -> Attachment:
    """Add a file to a case: staff who may read the case, or the integration that
    submitted it."""
    allowed = (integration is not None and workorder.api_key_id == integration.pk) or (is_staff_member(by) and access_workorder_view(by, workorder))
    require(allowed, "无权为该工单上传附件", code=Error.ATTACHMENT_FORBIDDEN)
    return attachment_store(by=by, workorder=lock(workorder), upload=upload)
