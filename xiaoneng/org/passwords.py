"""Password rules (GB/T 22239-2019 level 3: complexity and periodic change), as Django
password validators configured in ``AUTH_PASSWORD_VALIDATORS``."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError

from xiaoneng.core import clock
from xiaoneng.org.codes import Error

CLASSES = (
    ("小写字母", set(string.ascii_lowercase)),
    ("大写字母", set(string.ascii_uppercase)),
    ("数字", set(string.digits)),
)


class ComplexityValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, other
    characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def _classes(self, password: str) -> int:
        found = sum(1 for _, chars in CLASSES if set(password) & chars)
        return found + (1 if any(not (c.isascii() and c.isalnum()) for c in password) else 0)

    def validate(self, password, user=None):
        if self._classes(password) < self.min_classes:
            raise ValidationError(f"密码须包含小写字母、大写字母、数字、其他字符中的至少 {self.min_classes} 类", code=Error.PASSWORD_TOO_SIMPLE)

    def get_help_text(self):
        return f"密码须包含小写字母、大写字母、数字、其他字符中的至少 {self.min_classes} 类。"


class PasswordAgeRecorder:
    """Not a rule: Django tells every validator when a password was set, and this one
    remembers when, so that expiry (``XIAONENG["PASSWORD_MAX_AGE_DAYS"]``) can be enforced."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk:
            from .models import AccountSecurity

            AccountSecurity.objects.update_or_create(user=user, defaults={"password_changed_at": clock.now()})

    def get_help_text(self):
        return ""
