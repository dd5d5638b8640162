from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    SWEEP = "supervision.sweep", "电子监察扫描"
    ORDER_ISSUE = "supervision_order.issue", "发出督办"
    ORDER_ANSWER = "supervision_order.answer", "答复督办"
    ORDER_CLOSE = "supervision_order.close", "督办办结"
    ORDER_RETURN = "supervision_order.return", "督办答复退回重办"
    ORDER_WITHDRAW = "supervision_order.withdraw", "撤回督办"
    OVERSIGHT_ASSIGN = "oversight.assign", "设置分管领导"
    LIST_ENTRY_DRAFT = "list_entry.draft", "起草红黑榜条目"
    LIST_ENTRY_SUBMIT = "list_entry.submit", "提交红黑榜条目审批"
    LIST_ENTRY_PUBLISH = "list_entry.publish", "批准并发布红黑榜条目"
    LIST_ENTRY_RETURN = "list_entry.return", "退回红黑榜条目"
    LIST_ENTRY_WITHDRAW = "list_entry.withdraw", "撤下红黑榜条目"
    BULLETIN_ISSUE = "bulletin.issue", "签发通报"
    OPEN_COUNTS_REBUILD = "supervision.open_counts_rebuild", "重算未解除预警计数"


class Error(ErrorCodes):
    INVALID_AS_OF = "invalid_as_of", "监察时点或数据截至时间有误"
    AS_OF_IN_FUTURE = "as_of_in_future", "监察时点晚于当前时间"
    MISSING_INSTRUCTIONS = "missing_instructions", "缺少督办要求"
    INVALID_WORKING_DAYS = "invalid_working_days", "办理时限有误"
    MISSING_SUBJECT = "missing_subject", "缺少督办或案例对象"
    MISSING_ANSWER = "missing_answer", "缺少答复内容"
    NOT_A_LEADER = "not_a_leader", "不是领导干部"
    INVALID_ENTRY = "invalid_entry", "榜单或对象类型无效"
    MISSING_SUMMARY = "missing_summary", "缺少公开内容"
    NOT_A_WINDOW = "not_a_window", "不是窗口单位"
    NO_LETTER = "no_letter", "没有督办或整改通知书"
    INVALID_FORMAT = "invalid_format", "文件格式应为 xlsx 或 pdf"
