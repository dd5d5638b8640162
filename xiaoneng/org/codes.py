"""Vocabularies of accounts and login security (see ``xiaoneng.core.codes``)."""

from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    TOTP_ENROL = "account.totp_enrol", "绑定动态口令"
    TOTP_RESET = "account.totp_reset", "重置动态口令"
    UNLOCK = "account.unlock", "解除登录锁定"
    PASSWORD_CHANGE = "account.password_change", "修改密码"


class Error(ErrorCodes):
    LOCKED_OUT = "locked_out", "登录失败次数过多，已锁定"
    OTP_REQUIRED = "otp_required", "需要动态口令"
    OTP_INVALID = "otp_invalid", "动态口令错误"
    OTP_NOT_ENROLLED = "otp_not_enrolled", "尚未绑定动态口令"
    PASSWORD_EXPIRED = "password_expired", "密码已过期"
    ROLE_SEPARATION = "role_separation", "系统、安全、审计管理员不得兼任"
