"""The one mapping between our ratings and the data of GB/T 39046-2020 (政务服务“好差评”
数据规范): field names and code tables, in both directions, for the national table and for a
provincial interface whose codes run the other way.

National (as PRODUCT.md transcribes the standard): 满意度 1 = 非常满意 … 5 = 非常不满意;
评价渠道 1 PC端, 2 移动端, 3 二维码, 4 政务大厅平板电脑, 5 政务大厅其他终端, 6 电话, 7 短信.
Provincial variant: 满意度 reversed (1 = 非常不满意 … 5 = 非常满意) and the codes of 电话 and
短信 swapped.  Two local extensions keep a round trip lossless: 评价对象 (办件 / 工单) and
默认评价 (是 / 否, a rating nobody gave, channel code 9).  Every table is here and only here."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from xiaoneng.core import clock
from xiaoneng.core.errors import InvalidInput

from .codes import Error
from .models.ratings import Channel, SubjectType

NATIONAL, PROVINCIAL = "national", "provincial"
VARIANTS = {NATIONAL: "国家标准代码（GB/T 39046-2020）", PROVINCIAL: "省级接口代码（满意度反向、电话短信互换）"}

FIELDS = ["办件编号", "评价对象", "评价渠道", "评价人", "评价时间", "评价次数", "满意度", "文字评价", "行政区划", "默认评价"]
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

_NATIONAL_CHANNELS = {
    Channel.PC: "1",
    Channel.MOBILE: "2",
    Channel.QR: "3",
    Channel.TABLET: "4",
    Channel.TERMINAL: "5",
    Channel.PHONE: "6",
    Channel.SMS: "7",
    Channel.DEFAULT: "9",
}
CHANNEL_CODES = {
    NATIONAL: _NATIONAL_CHANNELS,
    PROVINCIAL: _NATIONAL_CHANNELS | {Channel.PHONE: "7", Channel.SMS: "6"},
}
# Our level is the national code; the provincial one runs the other way.
LEVEL_CODES = {NATIONAL: {level: str(level) for level in range(1, 6)}, PROVINCIAL: {level: str(6 - level) for level in range(1, 6)}}
SUBJECT_NAMES = {SubjectType.APPLICATION: "办件", SubjectType.WORKORDER: "工单"}
YES_NO = {True: "是", False: "否"}


@dataclass(frozen=True)
class RatingRecord:
    """One rating event as the standard sees it (评价次数 2 = the follow-up rating)."""

    subject_type: str
    number: str
    channel: str
    rater: str
    rated_at: dt.datetime
    count: int
    level: int
    comment: str
    division_code: str
    is_default: bool = False


def records_of(ratings: Iterable) -> list[RatingRecord]:
    """Our ratings as records: the rating, and its follow-up (追评) as a second event."""
    out = []
    for r in ratings:
        base = {"subject_type": r.subject_type, "number": r.subject_number, "rater": r.rater_name, "division_code": r.division_code}
        out.append(RatingRecord(**base, channel=r.channel, rated_at=r.rated_at, count=1, level=r.level, comment=r.comment, is_default=r.is_default))
        if r.follow_up_at is not None:
            out.append(RatingRecord(**base, channel=Channel.PHONE, rated_at=r.follow_up_at, count=2, level=r.follow_up_level, comment=r.follow_up_comment))
    return out


def _variant(variant: str) -> str:
    if variant not in VARIANTS:
        raise InvalidInput(f"代码表应为 {' 或 '.join(VARIANTS)}，收到“{variant}”", code=Error.INVALID_CODE_TABLE)
    return variant


def export_rows(records: Iterable[RatingRecord], variant: str = NATIONAL) -> list[dict]:
    variant = _variant(variant)
    return [
        {
            "办件编号": r.number,
            "评价对象": SUBJECT_NAMES[r.subject_type],
            "评价渠道": CHANNEL_CODES[variant][r.channel],
            "评价人": r.rater,
            "评价时间": clock.local(r.rated_at).strftime(TIME_FORMAT),
            "评价次数": str(r.count),
            "满意度": LEVEL_CODES[variant][r.level],
            "文字评价": r.comment,
            "行政区划": r.division_code,
            "默认评价": YES_NO[r.is_default],
        }
        for r in records
    ]


def _decode(table: dict, code: str, row: int, field: str):
    for value, known in table.items():
        if known == code:
            return value
    raise InvalidInput(f"第{row}行“{field}”的代码“{code}”不在代码表中", code=Error.INVALID_CODE_TABLE, details={"row": row, "field": field})


def import_rows(rows: Iterable[dict], variant: str = NATIONAL) -> list[RatingRecord]:
    """Rows in the named code table back to records; a code outside the table is refused with
    its row and field."""
    variant = _variant(variant)
    out = []
    for index, row in enumerate(rows, start=1):
        cell = {k: str(row.get(k) or "").strip() for k in FIELDS}
        if not cell["办件编号"]:
            raise InvalidInput(f"第{index}行缺少办件编号", code=Error.INVALID_CODE_TABLE, details={"row": index, "field": "办件编号"})
        try:
            rated_at = dt.datetime.strptime(cell["评价时间"], TIME_FORMAT).replace(tzinfo=clock.LOCAL_TZ)
        except ValueError:
            raise InvalidInput(
                f"第{index}行评价时间应为 YYYY-MM-DD HH:MM:SS", code=Error.INVALID_CODE_TABLE, details={"row": index, "field": "评价时间"}
            ) from None
        out.append(
            RatingRecord(
                subject_type=_decode(SUBJECT_NAMES, cell["评价对象"] or "办件", index, "评价对象"),
                number=cell["办件编号"],
                channel=_decode(CHANNEL_CODES[variant], cell["评价渠道"], index, "评价渠道"),
                rater=cell["评价人"],
                rated_at=rated_at,
                count=_decode({1: "1", 2: "2"}, cell["评价次数"] or "1", index, "评价次数"),
                level=_decode(LEVEL_CODES[variant], cell["满意度"], index, "满意度"),
                comment=cell["文字评价"],
                division_code=cell["行政区划"],
                is_default=_decode({True: "是", False: "否"}, cell["默认评价"] or "否", index, "默认评价"),
            )
        )
    return out


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def from_csv(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [f for f in ("办件编号", "评价渠道", "评价时间", "满意度") if f not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(f"CSV 缺少列：{'、'.join(missing)}", code=Error.INVALID_CODE_TABLE)
    return list(reader)
