from xiaoneng.core.codes import ActionCodes, ErrorCodes


class Action(ActionCodes):
    ITEM_CREATE = "catalogue.item_create", "新增事项"
    ITEM_REVISE = "catalogue.item_revise", "修改事项（生成新版本）"
    ITEM_PUBLISH = "catalogue.item_publish", "公布事项"
    ITEM_WITHDRAW = "catalogue.item_withdraw", "停止办理事项"
    IMPORT = "catalogue.import", "导入事项清单"
    ENTERPRISE_FEE_SAVE = "catalogue.enterprise_fee_save", "保存涉企收费项目"
    FEE_OFF_LIST_APPROVE = "catalogue.fee_off_list_approve", "批准事项公布涉企收费清单以外的收费"


class Error(ErrorCodes):
    INVALID_ITEM = "invalid_item", "事项信息有误"
    DUPLICATE_ITEM = "duplicate_item", "事项编码已存在"
    CODE_IMMUTABLE = "code_immutable", "事项编码不能修改"
    IMPORT_INVALID = "import_invalid", "导入文件有误，未导入"
    MISSING_FIELDS = "missing_fields", "缺少必填项"
    INVALID_CODE = "invalid_code", "编码格式有误"
    INVALID_FILE = "invalid_file", "不是有效的 Excel 文件"
    ITEM_NOT_FOUND = "item_not_found", "事项不存在"
    VERSION_NOT_FOUND = "version_not_found", "事项版本不存在"
