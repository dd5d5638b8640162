from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    LOAD_YEAR = "calendar.load_year", "载入年度放假安排"
    SET_DAY = "calendar.set_day", "设置日历例外日"
    REMOVE_DAY = "calendar.remove_day", "删除日历例外日"


class Error(ErrorCodes):
    INVALID_ENCODING = "invalid_encoding", "文件不是 UTF-8 编码"
    INVALID_JSON = "invalid_json", "JSON 格式有误"
    DUPLICATE_DATE = "duplicate_date", "日期重复"
    NAME_TOO_LONG = "name_too_long", "名称过长"
    INVALID_YEAR = "invalid_year", "年份超出范围"
    SOURCE_TOO_LONG = "source_too_long", "来源说明过长"
    DATE_OUTSIDE_YEAR = "date_outside_year", "日期不属于该年"
    EMPTY_SCHEDULE = "empty_schedule", "全国安排为空"
    SPAN_OUT_OF_RANGE = "span_out_of_range", "起止日期相隔过远"
