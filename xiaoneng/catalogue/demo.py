"""The demo city's catalogue: real item names of a Chinese city's service hall, with their
departments, limits, materials and fees, and the city's enterprise fee list.  Legal bases
name the law (and the article where it is certain); time limits follow the law where it sets
one, otherwise the 20 working days of 行政许可法 第四十二条."""

from __future__ import annotations

from decimal import Decimal

from .models import EnterpriseFeeKind as FK
from .models import ItemKind as K
from .rules import CoDepartmentSpec as Co
from .rules import FeeSpec, ItemSpec, MaterialSpec
from .services import enterprise_fee_save, item_create

NO_FEE = (FeeSpec(code="GBF", name="证照工本费", amount=Decimal("0"), legal_basis="国家取消证照工本费的有关规定（不收费）"),)
PROCEDURE = "申请—受理—审查—决定—送达"
APPLICANT_ID = MaterialSpec(code="SFZ", name="申请人（法定代表人）身份证明", form="original_copy", source="公安机关核发")
LICENCE = MaterialSpec(code="YYZZ", name="营业执照", form="copy", source="市场监管部门核发，可通过电子证照库调取")
MANDATE = MaterialSpec(code="WTS", name="委托代理人办理的授权委托书", required=False, source="申请人自备")


def _m(code, name, copies=1, form="original", required=True, source="申请人自备", note=""):
    return MaterialSpec(code=code, name=name, copies=copies, form=form, required=required, source=source, note=note)


ITEMS = [
    # code, name, department, kind, legal basis, legal/committed days, materials, extra
    (
        "370100-SCJG-XK-001",
        "食品经营许可",
        "scjg",
        K.LICENCE,
        "《中华人民共和国食品安全法》第三十五条",
        20,
        5,
        (_m("SQS", "食品经营许可申请书"), LICENCE, APPLICANT_ID, _m("PMT", "经营场所平面布局图和设备布局图"), _m("AQZD", "食品安全管理制度文本"), MANDATE),
        {"validity_months": 60},  # 《食品经营许可和备案管理办法》: 有效期5年
    ),
    (
        "370100-SCJG-XK-002",
        "食品生产许可",
        "scjg",
        K.LICENCE,
        "《中华人民共和国食品安全法》第三十五条",
        20,
        10,
        (
            _m("SQS", "食品生产许可申请书"),
            LICENCE,
            _m("GYLC", "食品生产主要设备、设施清单及工艺流程图"),
            _m("ZLGL", "食品安全专业技术人员、管理人员名单和管理制度"),
            MANDATE,
        ),
        {},
    ),
    (
        "370100-SCJG-DJ-001",
        "企业设立登记（营业执照）",
        "scjg",
        K.OTHER,
        "《中华人民共和国市场主体登记管理条例》第十九条",
        3,
        0,
        (_m("DJSQ", "企业设立登记申请书"), _m("ZC", "公司章程"), APPLICANT_ID, _m("ZS", "住所（经营场所）使用证明")),
        {},
    ),
    (
        "370100-SCJG-DJ-002",
        "个体工商户设立登记",
        "scjg",
        K.OTHER,
        "《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》",
        3,
        0,
        (_m("DJSQ", "个体工商户登记申请书"), APPLICANT_ID, _m("ZS", "经营场所使用证明")),
        {},
    ),
    (
        "370100-SCJG-XK-003",
        "药品经营许可证核发（零售）",
        "scjg",
        K.LICENCE,
        "《中华人民共和国药品管理法》",
        20,
        10,
        (_m("SQS", "药品经营许可申请表"), LICENCE, _m("ZYYS", "执业药师注册证明", form="copy"), _m("CS", "经营场所、仓储设施平面布置图"), MANDATE),
        {},
    ),
    (
        "370100-ZJJ-XK-001",
        "建筑工程施工许可证核发",
        "zjj",
        K.LICENCE,
        "《中华人民共和国建筑法》第七条、第八条",
        7,
        3,
        (
            _m("SQB", "建筑工程施工许可申请表"),
            _m("YDPZ", "建设用地批准手续", form="copy"),
            _m("GHXK", "建设工程规划许可证", form="copy"),
            _m("SGHT", "施工合同", form="copy"),
            _m("ZJCN", "建设资金已落实承诺书"),
        ),
        {},
    ),
    (
        "370100-ZJJ-XK-002",
        "商品房预售许可",
        "zjj",
        K.LICENCE,
        "《中华人民共和国城市房地产管理法》第四十五条",
        10,
        5,
        (_m("SQB", "商品房预售许可申请表"), _m("TDZ", "土地使用权证书", form="copy"), _m("GCJD", "工程施工进度证明"), _m("YSFA", "商品房预售方案")),
        {},
    ),
    (
        "370100-ZJJ-BL-001",
        "工程建设项目施工许可阶段并联审批",
        "zjj",
        K.LICENCE,
        "《中华人民共和国行政许可法》第二十六条、第四十二条；《中华人民共和国建筑法》第八条",
        45,
        15,
        (
            _m("SQB", "施工许可阶段并联审批申请表"),
            _m("GHXK", "建设工程规划许可证", form="copy"),
            _m("SGTS", "施工图设计文件审查合格书"),
            _m("SGHT", "施工合同", form="copy"),
        ),
        {"joint": True, "co_departments": (Co("zrzy", 10), Co("cgj", 10), Co("swuj", 10, deemed_consent=False))},
    ),
    (
        "370100-ZRZY-XK-001",
        "建设工程规划许可证核发",
        "zrzy",
        K.LICENCE,
        "《中华人民共和国城乡规划法》第四十条",
        20,
        10,
        (_m("SQB", "建设工程规划许可申请表"), _m("YDZM", "使用土地的有关证明文件", form="copy"), _m("ZPT", "建设工程设计方案总平面图", copies=2)),
        {},
    ),
    (
        "370100-ZRZY-DJ-001",
        "不动产首次登记",
        "zrzy",
        K.OTHER,
        "《不动产登记暂行条例》第二十条",
        30,
        5,
        (_m("DJSQ", "不动产登记申请书"), APPLICANT_ID, _m("QSLY", "不动产权属来源证明材料"), _m("JZZM", "不动产界址、空间界限、面积等材料")),
        {
            "fees": (
                FeeSpec(code="SQ-001-ZZ", name="不动产登记费（住宅）", amount=Decimal("80"), legal_basis="国家发展改革委、财政部关于不动产登记收费标准的规定"),
                FeeSpec(
                    code="SQ-001-FZZ", name="不动产登记费（非住宅）", amount=Decimal("550"), legal_basis="国家发展改革委、财政部关于不动产登记收费标准的规定"
                ),
            )
        },
    ),
    (
        "370100-STHJ-XK-001",
        "排污许可证核发",
        "sthj",
        K.LICENCE,
        "《排污许可管理条例》",
        20,
        15,
        (_m("SQB", "排污许可证申请表"), LICENCE, _m("ZXJC", "自行监测方案"), _m("PWK", "排污口和监测孔规范化设置情况说明")),
        {},
    ),
    (
        "370100-STHJ-XK-002",
        "建设项目环境影响报告表审批",
        "sthj",
        K.LICENCE,
        "《中华人民共和国环境影响评价法》第二十二条",
        30,
        15,
        (_m("SQH", "建设项目环境影响评价文件审批申请"), _m("HPBG", "建设项目环境影响报告表", copies=2), _m("GKSM", "信息公开情况说明")),
        {},
    ),
    (
        "370100-JTYS-XK-001",
        "道路货物运输经营许可",
        "jtys",
        K.LICENCE,
        "《中华人民共和国道路运输条例》",
        20,
        5,
        (_m("SQB", "道路货物运输经营申请表"), APPLICANT_ID, _m("JSY", "驾驶人员从业资格证", form="copy"), _m("AQZD", "安全生产管理制度文本")),
        {"deemed_approval": True},
    ),
    (
        "370100-JTYS-XK-002",
        "道路旅客运输经营许可",
        "jtys",
        K.LICENCE,
        "《中华人民共和国道路运输条例》",
        20,
        10,
        (_m("SQB", "道路旅客运输经营申请表"), LICENCE, _m("CL", "拟投入车辆承诺书"), _m("XLFA", "可行性报告及线路运营方案")),
        {},
    ),
    (
        "370100-RSJ-XK-001",
        "人力资源服务许可",
        "rsj",
        K.LICENCE,
        "《人力资源市场暂行条例》",
        20,
        5,
        (_m("SQS", "人力资源服务许可申请书"), LICENCE, _m("CS", "经营场所使用证明"), _m("ZYRY", "专职工作人员名单及从业资质")),
        {"deemed_approval": True},
    ),
    (
        "370100-RSJ-QT-001",
        "社会保障卡申领",
        "rsj",
        K.OTHER,
        "《中华人民共和国社会保险法》",
        5,
        0,
        (_m("SFZ", "居民身份证", form="original"), _m("ZP", "近期免冠证件照片", required=False)),
        {"fees": ()},
    ),
    (
        "370100-WJW-XK-001",
        "医疗机构执业登记",
        "wjw",
        K.LICENCE,
        "《医疗机构管理条例》",
        45,
        15,
        (
            _m("SQS", "医疗机构执业登记申请书"),
            _m("SZPF", "设置医疗机构批准书", form="copy"),
            _m("JSRY", "医疗机构人员名单及执业证书", form="copy"),
            _m("GZZD", "各项规章制度"),
        ),
        {},
    ),
    (
        "370100-WJW-XK-002",
        "公共场所卫生许可",
        "wjw",
        K.LICENCE,
        "《公共场所卫生管理条例》",
        20,
        5,
        (_m("SQS", "公共场所卫生许可申请表"), LICENCE, _m("JCBG", "卫生检测（评价）报告"), _m("JKZM", "从业人员健康合格证明", form="copy")),
        {},
    ),
    (
        "370100-CGJ-XK-001",
        "城市建筑垃圾处置核准",
        "cgj",
        K.LICENCE,
        "《城市建筑垃圾管理规定》",
        20,
        3,
        (_m("SQB", "城市建筑垃圾处置核准申请表"), _m("YSHT", "建筑垃圾运输合同", form="copy"), _m("XNFA", "建筑垃圾处置方案")),
        {"deemed_approval": True},
    ),
    (
        "370100-CGJ-XK-002",
        "设置大型户外广告审批",
        "cgj",
        K.LICENCE,
        "《城市市容和环境卫生管理条例》第十一条",
        20,
        5,
        (_m("SQB", "户外广告设置申请表"), LICENCE, _m("XGT", "设置效果图及位置图"), _m("AQPG", "结构安全评估报告")),
        {},
    ),
    (
        "370100-SWJ-BA-001",
        "单用途商业预付卡发卡企业备案",
        "swj",
        K.FILING,
        "《单用途商业预付卡管理办法（试行）》",
        5,
        0,
        (_m("BAB", "单用途商业预付卡发卡企业备案表"), LICENCE, _m("ZJCG", "资金存管协议", form="copy")),
        {},
    ),
    (
        "370100-SCJG-BL-001",
        "开办餐饮店“一件事”联办",
        "scjg",
        K.LICENCE,
        "《中华人民共和国行政许可法》第二十六条；《中华人民共和国食品安全法》第三十五条",
        20,
        10,
        (_m("SQB", "“一件事”联办申请表"), LICENCE, _m("PMT", "经营场所平面布局图"), _m("ZPSJ", "户外招牌设计图"), _m("YYJH", "油烟净化设施说明")),
        {"joint": True, "co_departments": (Co("cgj", 5), Co("sthj", 5))},
    ),
    (
        "370100-WLJ-XK-001",
        "娱乐场所经营许可",
        "wlj",
        K.LICENCE,
        "《娱乐场所管理条例》",
        20,
        10,
        (_m("SQS", "娱乐场所经营许可申请书"), LICENCE, _m("CS", "经营场所地理位置图和平面示意图"), _m("XFYS", "消防安全检查合格证明", form="copy")),
        {"joint": True, "co_departments": (Co("gaj", 10, deemed_consent=False),)},
    ),
    (
        "370100-WLJ-XK-002",
        "旅行社设立许可",
        "wlj",
        K.LICENCE,
        "《旅行社条例》",
        20,
        5,
        (_m("SQS", "旅行社设立申请书"), LICENCE, _m("CS", "经营场所证明"), _m("BZJ", "质量保证金存缴证明")),
        {},
    ),
    ("370100-GAJ-BA-001", "公章刻制备案", "gaj", K.FILING, "公安机关公章刻制备案有关规定", 1, 0, (LICENCE, APPLICANT_ID), {}),
    (
        "370100-SWUJ-XK-001",
        "取水许可",
        "swuj",
        K.LICENCE,
        "《取水许可和水资源费征收管理条例》",
        45,
        20,
        (_m("SQS", "取水许可申请书"), _m("SZLZ", "建设项目水资源论证报告"), _m("QSGC", "取水工程或者设施说明")),
        {},
    ),
    (
        "370100-YJJ-XK-001",
        "危险化学品经营许可",
        "yjj",
        K.LICENCE,
        "《危险化学品安全管理条例》",
        30,
        10,
        (_m("SQS", "危险化学品经营许可申请书"), LICENCE, _m("AQZD", "安全生产管理制度和岗位操作规程"), _m("YJYA", "事故应急救援预案")),
        # 历下区 reviews first and sends the file up (行政许可法 第四十三条); the licence runs three years.
        {"preliminary_department": "lixia", "validity_months": 36},
    ),
]

ENTERPRISE_FEES = [
    ("SQ-001", "不动产登记费", FK.ADMINISTRATIVE, "zrzy", "住宅类每件80元，非住宅类每件550元", "国家发展改革委、财政部关于不动产登记收费标准的规定"),
    ("SQ-002", "污水处理费", FK.ADMINISTRATIVE, "swuj", "按物价部门核定标准随水费征收", "《城镇排水与污水处理条例》"),
    ("SQ-003", "特种设备检验检测费", FK.ADMINISTRATIVE, "scjg", "按省价格主管部门核定标准", "《中华人民共和国特种设备安全法》"),
    ("SQ-004", "城市基础设施配套费", FK.FUND, "zjj", "按省、市核定标准", "省、市城市基础设施配套费征收管理规定"),
    ("SQ-005", "机动车号牌工本费", FK.ADMINISTRATIVE, "gaj", "按国家核定标准", "公安部门行政事业性收费标准"),
    ("SQ-006", "施工图设计文件审查服务费", FK.INTERMEDIARY, "zjj", "政府购买服务，不向企业收取", "工程建设项目审批制度改革有关规定"),
]


def load(city: dict) -> None:
    by = city["staff"]["admin"].user
    city["items"] = {}
    for code, name, dept, kind, basis, legal, committed, materials, extra in ITEMS:
        spec = ItemSpec(
            code=code,
            name=name,
            department=dept,
            kind=kind,
            legal_basis=basis,
            legal_limit_days=legal,
            committed_limit_days=committed,
            procedure=PROCEDURE if committed else "申请—受理—当场办结",
            materials=materials,
            fees=extra.get("fees", NO_FEE),
            conditions=f"符合{basis.split('；')[0]}规定的条件",
            sample_form=f"《{materials[0].name}》示范文本，可在市政务服务中心窗口领取",
            contact="12345政务服务便民热线；市政务服务中心咨询台",
            joint=extra.get("joint", False),
            co_departments=extra.get("co_departments", ()),
            deemed_approval=extra.get("deemed_approval", False),
            validity_months=extra.get("validity_months"),
            preliminary_department=extra.get("preliminary_department", ""),
        )
        city["items"][code] = item_create(by=by, spec=spec, change_note="演示数据")
    for code, name, kind, dept, standard, basis in ENTERPRISE_FEES:
        enterprise_fee_save(by=by, code=code, name=name, kind=kind, department=dept, standard=standard, legal_basis=basis)
