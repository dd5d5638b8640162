from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    START = "clock.start", "开始计时"
    MOVE = "clock.move", "调整期限"
    ASSIGN = "clock.assign", "变更责任部门或责任人"
    STOP = "clock.stopped", "结束计时"
    PAUSE = "clock.paused", "暂停计时"
    RESUME = "clock.running", "恢复计时"
    COPY = "clock.copy", "期限副本随时限更新"
    BACKFILL_APPROVE = "backfill.approve", "批准超期补录"


class Error(ErrorCodes):
    UNKNOWN_CASE = "unknown_case", "未找到该编号的事项"
    ACT_IN_FUTURE = "act_in_future", "办理时间晚于现在"
    BACKFILL_NEEDS_APPROVAL = "backfill_needs_approval", "超过补录期限，须经效能监督部门批准"
