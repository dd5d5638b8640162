from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    HOT_ISSUES_RECOMPUTE = "hot_issues.recompute", "重新计算热点问题"
    PROBLEM_REGISTER = "problem.register", "列入难题库"
    PROBLEM_SOLVE = "problem.solve", "难题办结"
    PROBLEM_RECOMPUTE = "problem.recompute", "工作日历更新，重新计算难题办结期限"
    REPLY_ASSESS = "reply.assess", "评估答复质量"
    REPLY_REVIEW_ACCEPT = "reply.review_accept", "答复质量审核通过"
    ROUTING_MODEL_TRAIN = "routing_model.train", "训练派单模型"
    ROUTING_MODEL_ACTIVATE = "routing_model.activate", "启用派单模型"
    CATEGORY_DEPARTMENT_SET = "category_department.set", "设置分类对应的承办部门"


class Error(ErrorCodes):
    PROBLEM_FORBIDDEN = "problem_forbidden", "只有效能办可以登记或办结难题"
    INVALID_TITLE = "invalid_title", "难题名称有误"
    INVALID_LEADER = "invalid_leader", "包案领导有误"
    INVALID_DUE_ON = "invalid_due_on", "办结期限有误"
    ALREADY_REGISTERED = "already_registered", "已列入难题库"
    ALREADY_SOLVED = "already_solved", "难题已办结"
    REPLY_REVIEW_FORBIDDEN = "reply_review_forbidden", "只有效能办可以审核答复质量"
    NOT_PENDING = "not_pending", "答复不在待审核状态"
    ROUTING_MODEL_FORBIDDEN = "routing_model_forbidden", "只有系统管理员可以管理派单模型"
    TOO_FEW_SAMPLES = "too_few_samples", "训练样本不足"
    INVALID_LABEL = "invalid_label", "分类名称有误"
    MISSING_COLUMNS = "missing_columns", "文件缺少列"
    UNREADABLE_FILE = "unreadable_file", "无法读取文件"
