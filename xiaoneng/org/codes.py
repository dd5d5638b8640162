"""Vocabularies of the organisation, accounts and login security (see ``xiaoneng.core.codes``)."""

from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    DEPARTMENT_CREATE = "department.create", "新增部门"
    STAFF_CREATE = "staff.create", "新增工作人员"
    STAFF_SET_ROLES = "staff.set_roles", "调整工作人员角色"
    TOKEN_ISSUE = "auth.token_issue", "签发访问令牌"
    APIKEY_CREATE = "apikey.create", "创建接口密钥"
    TOTP_ENROL = "account.totp_enrol", "绑定动态口令"
    TOTP_RESET = "account.totp_reset", "重置动态口令"
    UNLOCK = "account.unlock", "解除登录锁定"
    PASSWORD_CHANGE = "account.password_change", "修改密码"


class Error(ErrorCodes):
    DUPLICATE_DEPARTMENT = "duplicate_department", "部门编码已存在"
    INVALID_DIVISION_CODE = "invalid_division_code", "行政区划代码有误"
    UNKNOWN_ROLE = "unknown_role", "未知的角色"
    DUPLICATE_USERNAME = "duplicate_username", "用户名已被使用"
    INVALID_CREDENTIALS = "invalid_credentials", "用户名或密码错误"
    INVALID_NAME = "invalid_name", "名称有误"
    LOCKED_OUT = "locked_out", "登录失败次数过多，已锁定"
    OTP_REQUIRED = "otp_required", "需要动态口令"
    OTP_INVALID = "otp_invalid", "动态口令错误"
    OTP_NOT_ENROLLED = "otp_not_enrolled", "尚未绑定动态口令"
    PASSWORD_EXPIRED = "password_expired", "密码已过期"
    ROLE_SEPARATION = "role_separation", "系统、安全、审计管理员不得兼任"
    PASSWORD_TOO_SIMPLE = "password_too_simple", "密码过于简单"
