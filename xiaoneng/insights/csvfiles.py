"""Reading message files for the evaluation commands: labelled messages (``label,title,text``
with an optional ``seg_text``, or just ``text,label``), messages with public votes and
messages with the government's reply (the columns of the 12345 message-board exports:
留言编号, 留言主题, 留言时间, 留言详情, 点赞数 / 答复意见, 答复时间)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from xiaoneng.core import clock
from xiaoneng.core.errors import InvalidInput
from xiaoneng.insights.codes import Error

from .clustering import Message
from .rules import message_text

_DATE = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _rows(path: str | Path, required: set[str]) -> list[dict]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = required - set(reader.fieldnames or [])
            if missing:
                raise InvalidInput(f"{path} 缺少列：{'、'.join(sorted(missing))}", code=Error.MISSING_COLUMNS)
            return list(reader)
    except OSError as exc:
        raise InvalidInput(f"无法读取 {path}：{exc.strerror}", code=Error.UNREADABLE_FILE) from exc


def parse_time(value: str) -> dt.datetime | None:
    """``2019/4/25 9:32:09`` or ``2019-04-25 09:32:09`` in the city's time zone."""
    m = _DATE.search(value or "")
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        return dt.datetime(y, mo, d, h, mi, s, tzinfo=clock.LOCAL_TZ)
    except ValueError:
        return None


def labelled(path: str | Path) -> tuple[list[str], list[str]]:
    """Texts (raw title + content; the segmented text only where the raw text is missing)
    and labels; rows without a label or any text are skipped."""
    rows = _rows(path, {"label", "text"})
    texts, labels = [], []
    for r in rows:
        text = message_text(r.get("title", ""), r.get("text", ""), r.get("seg_text", ""))
        label = (r.get("label") or "").strip()
        if text and label:
            texts.append(text)
            labels.append(label)
    return texts, labels


def voted(path: str | Path) -> list[Message]:
    rows = _rows(path, {"留言编号", "留言主题", "留言时间", "留言详情"})
    out = []
    for r in rows:
        at = parse_time(r["留言时间"])
        if at is not None:
            likes = (r.get("点赞数") or "0").strip()
            out.append(
                Message(
                    id=r["留言编号"].strip(), title=r["留言主题"].strip(), content=r["留言详情"].strip(), at=at, support=int(likes) if likes.isdecimal() else 0
                )
            )
    return out


def replied(path: str | Path) -> list[dict]:
    rows = _rows(path, {"留言编号", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间"})
    out = []
    for r in rows:
        asked, answered = parse_time(r["留言时间"]), parse_time(r["答复时间"])
        if asked and answered and r["答复意见"].strip():
            question = f"{r['留言主题']}\n{r['留言详情']}".strip()
            reply = r["答复意见"].strip()
            out.append(
                {"id": r["留言编号"].strip(), "title": r["留言主题"].strip(), "question": question, "reply": reply, "asked": asked, "answered": answered}
            )
    return out
