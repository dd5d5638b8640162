"""Masking (脱敏) for roles that must not see a person's identity or contact details.

The one policy for every text and file name a department may read, whoever typed it (the
requester, an operator, the office): :func:`redact` hides the identities known for the case
and every mobile, landline, resident ID number and e-mail address in the text."""

from __future__ import annotations

import re
from collections.abc import Iterable


def mask_phone(phone: str | None) -> str:
    """13812345678 -> 138****5678; landlines keep the area code and the last 2 digits."""
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) == 11 and digits.isdigit():
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    keep_head = min(4, len(digits) // 3)
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 2) + digits[-2:]


def mask_id_number(number: str | None) -> str:
    """Resident ID: keep the first 6 (region) and last 4 characters."""
    if not number:
        return ""
    number = number.strip()
    if len(number) <= 10:
        return number[:1] + "*" * (len(number) - 1)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_name(name: str | None) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***: the family name's first character only."""
    if not name:
        return ""
    name = name.strip()
    return name[0] + "*" * max(1, len(name) - 1)


_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def mask_email(email: str) -> str:
    local, at, domain = (email or "").partition("@")
    if not at:
        return "*" * len(email or "")
    return f"{local[:1]}***@{domain}"


def _mask_known(value: str) -> str:
    if _EMAIL.fullmatch(value):
        return mask_email(value)
    if _ID_NUMBER.fullmatch(value):
        return mask_id_number(value)
    if _MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value) or value.replace("-", "").replace(" ", "").isdigit():
        return mask_phone(value)
    return mask_name(value)


def redact(text: str, *, known: Iterable[str] = ()) -> str:
    """``text`` with the requester's identity hidden: the given name / organisation and
    every mobile, landline, resident ID number and e-mail address in it.  For the roles
    that may not see who complained (PRODUCT §2: 投诉人信息仅效能办可见)."""
    if not text:
        return text
    for value in sorted({k.strip() for k in known if k and len(k.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(value, _mask_known(value))
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group()), text)
    text = _LANDLINE.sub(lambda m: mask_phone(m.group()), text)
    return _EMAIL.sub(lambda m: mask_email(m.group()), text)
