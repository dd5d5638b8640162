from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    PLAN_CREATE = "inspection_plan.create", "制定明察暗访计划"
    PLAN_DRAW = "inspection_plan.draw", "随机抽取检查对象"
    PLAN_TARGETS = "inspection_plan.targets", "确定检查对象和时段"
    PLAN_COMPLETE = "inspection_plan.complete", "计划完成"
    FINDING_RECORD = "finding.record", "登记检查发现"
    EVIDENCE_ADD = "evidence.add", "上传证据"
    FINDING_OPEN_FAULT = "finding.open_fault", "检查发现转为行政过错"


class Error(ErrorCodes):
    MISSING_POOL = "missing_pool", "未指定候选部门"
    PERIOD_IN_PAST = "period_in_past", "检查期间早于今天"
    NO_WORKING_DAYS = "no_working_days", "检查期间内没有工作日"
    INVALID_TARGET_COUNT = "invalid_target_count", "抽取数量有误"
    INVALID_SLOT = "invalid_slot", "时段格式有误"
    INVALID_SEED = "invalid_seed", "随机种子有误"
    INVALID_FINDING = "invalid_finding", "缺少部门或问题类别"
    UNKNOWN_TARGET = "unknown_target", "没有这个检查对象"
    MISSING_OBSERVED_AT = "missing_observed_at", "缺少发现时间"
    OBSERVED_IN_FUTURE = "observed_in_future", "发现时间晚于现在"
    TARGET_MISMATCH = "target_mismatch", "检查对象与部门不一致"
    FAULT_EXISTS = "fault_exists", "已转为行政过错"
