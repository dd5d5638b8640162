from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    READ = "notification.read", "通知标为已读"
    READ_ALL = "notification.read_all", "通知全部标为已读"
    DELIVERY_DEAD = "notification.delivery_dead", "通知投递失败（已转入死信）"
    DELIVERY_RESEND = "notification.delivery_resend", "重新发送通知"


class Error(ErrorCodes):
    NOT_YOURS = "notification_not_yours", "只能标记自己的通知"
    DEAD_LETTERS_FORBIDDEN = "dead_letters_forbidden", "只有系统管理员和效能监督人员可以处理投递失败的通知"
    NOT_DEAD = "delivery_not_dead", "只有发送失败的通知可以重新发送"
