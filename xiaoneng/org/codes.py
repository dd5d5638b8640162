from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    DEPARTMENT_CREATE = "department.create", "新增部门"
    STAFF_CREATE = "staff.create", "新增工作人员"
    STAFF_SET_ROLES = "staff.set_roles", "调整工作人员角色"
    TOKEN_ISSUE = "auth.token_issue", "签发访问令牌"
    APIKEY_CREATE = "apikey.create", "创建接口密钥"


class Error(ErrorCodes):
    DUPLICATE_DEPARTMENT = "duplicate_department", "部门编码已存在"
    INVALID_DIVISION_CODE = "invalid_division_code", "行政区划代码有误"
    UNKNOWN_ROLE = "unknown_role", "未知的角色"
    DUPLICATE_USERNAME = "duplicate_username", "用户名已被使用"
    INVALID_CREDENTIALS = "invalid_credentials", "用户名或密码错误"
    INVALID_NAME = "invalid_name", "名称有误"
