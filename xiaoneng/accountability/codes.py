from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    FAULT_RECORD = "fault.record", "登记过错线索"
    FAULT_OPEN_BULK = "fault.open_bulk", "批量登记过错线索"
    FAULT_VERIFY = "fault.verify", "认定过错"
    FAULT_DISMISS = "fault.dismiss", "不予认定"
    FAULT_REVOKE = "fault.revoke", "申诉后撤销认定"
    FAULT_WITHDRAW = "fault.withdraw", "所依据的红牌不成立，撤回过错"
    FAULT_REINSTATE = "fault.reinstate", "同一事项又出红牌，重新立案"
    SANCTION_PROPOSE = "sanction.propose", "按问责梯度提出处理建议"
    SANCTION_DECIDE = "sanction.decide", "作出处理决定并告知本人"
    SANCTION_APPEALED = "sanction.appealed", "进入申诉复核"
    SANCTION_APPEAL_UPHELD = "sanction.appeal_upheld", "复核：维持原决定"
    SANCTION_APPEAL_MODIFIED = "sanction.appeal_modified", "复核：变更处理"
    SANCTION_APPEAL_REVOKED = "sanction.appeal_revoked", "复核：撤销处理"
    SANCTION_REGRADE = "sanction.regrade", "此前过错撤销后重新确定处理建议"
    SANCTION_WITHDRAW = "sanction.withdraw", "过错撤回，处理建议随之撤销"
    SANCTION_REPLACE = "sanction.replace", "变更后的处理决定"
    SANCTION_FINAL = "sanction.final", "处理决定生效"
    APPEAL_FILE = "appeal.file", "本人提出申诉"
    APPEAL_DECIDE = "appeal.decide", "作出复核决定"
    LADDER_STEPS = "sanctionladder.steps", "修改处理阶梯"


class Error(ErrorCodes):
    INVALID_FAULT_SOURCE = "invalid_fault_source", "未知的过错来源"
    OCCURRED_IN_FUTURE = "occurred_in_future", "发生时间晚于现在"
    UNKNOWN_CONDUCT = "unknown_conduct", "未知的高压线编码"
    MISSING_BASIS = "missing_basis", "缺少依据"
    MISSING_REASONS = "missing_reasons", "缺少不予认定的理由"
    INVALID_MEASURE = "invalid_measure", "未知的处理措施"
    MISSING_GROUNDS = "missing_grounds", "缺少申诉理由"
    APPEAL_DEADLINE_PASSED = "appeal_deadline_passed", "申诉期限已届满"
    SAME_MEASURE = "same_measure", "变更处理应选择不同的措施"
