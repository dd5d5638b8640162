from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    READ = "notification.read", "通知标为已读"
    READ_ALL = "notification.read_all", "通知全部标为已读"


class Error(ErrorCodes):
    NOT_YOURS = "notification_not_yours", "只能标记自己的通知"
