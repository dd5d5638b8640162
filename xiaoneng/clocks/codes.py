from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    START = "clock.start", "开始计时"
    MOVE = "clock.move", "调整期限"
    ASSIGN = "clock.assign", "变更责任部门或责任人"
    STOP = "clock.stopped", "结束计时"
    PAUSE = "clock.paused", "暂停计时"
    RESUME = "clock.running", "恢复计时"
    BACKFILL_APPROVE = "backfill.approve", "批准超期补录"


class Error(ErrorCodes):
    BACKFILL_NEEDS_APPROVAL = "backfill_needs_approval", "超过补录期限，须经效能监督部门批准"
