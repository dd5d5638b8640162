"""Check digits of the identifiers Chinese users type every day.

- Unified social credit code, GB 32100-2015: 18 characters from a 31-character alphabet;
  the last is a check character computed modulo 31.
- Resident identity number, GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check
  character (0-9 or X); digits 7-14 are the date of birth.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

from .codes import Error
from .errors import InvalidInput

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(rf"^[{USCC_ALPHABET}]{{18}}$")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=False))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    code = (code or "").strip().upper()
    return bool(_USCC_RE.match(code)) and uscc_check_char(code[:17]) == code[17]


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=False)) % 11]


def is_valid_resident_id(number: str, *, today: dt.date | None = None) -> bool:
    number = (number or "").strip().upper()
    if not _ID_RE.match(number) or id_check_char(number[:17]) != number[17]:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return dt.date(1800, 1, 1) <= born <= (today or dt.date.max)


def validate_uscc(value: str) -> None:
    if not is_valid_uscc(value):
        raise ValidationError("统一社会信用代码无效（应为18位，且校验码正确）", code=Error.INVALID_USCC)


def validate_resident_id(value: str) -> None:
    if not is_valid_resident_id(value):
        raise ValidationError("居民身份证号码无效（应为18位，出生日期和校验码正确）", code=Error.INVALID_RESIDENT_ID)


_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def is_valid_mobile(value: str) -> bool:
    return bool(_MOBILE_RE.match((value or "").strip()))


def text(value, label: str, *, required: bool = False, code: str = Error.MISSING_FIELD, limit: int = 2000) -> str:
    """A piece of text a person typed, trimmed, at most ``limit`` characters; when it is
    ``required``, "请填写{label}" (``code``) if blank."""
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidInput(f"请填写{label}", code=code, details={"field": label})
    if len(text) > limit:
        raise InvalidInput(f"{label}不能超过{limit}个字", code=Error.TOO_LONG, details={"field": label})
    return text


def required_text(value, label: str, *, code: str = Error.MISSING_FIELD, limit: int = 2000) -> str:
    """A piece of text a person must give (see :func:`text`)."""
    return text(value, label, required=True, code=code, limit=limit)
