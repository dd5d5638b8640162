"""Masking (脱敏) for roles that must not see a person's identity or contact details."""

from __future__ import annotations


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
