"""The small part of the generated city, built through the real services (and so audited):
the demo organisation grown to 16 districts and about 300 streets, and a catalogue of a few
hundred items.  The bulk rows (cases, applications, clocks) are in :mod:`.rows`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from xiaoneng.catalogue import demo as catalogue_demo
from xiaoneng.catalogue.models import ServiceItemVersion
from xiaoneng.catalogue.rules import ItemSpec, MaterialSpec
from xiaoneng.catalogue.services import item_create
from xiaoneng.core.context import Channel, via
from xiaoneng.org import demo as org_demo
from xiaoneng.org.models import Department, DepartmentKind, Staff
from xiaoneng.org.services import department_create

STREETS_PER_DISTRICT = 18
MORE_DISTRICTS = [
    ("changqing", "长清区", "370113"),
    ("zhangqiu", "章丘区", "370114"),
    ("jiyang", "济阳区", "370115"),
    ("laiwu", "莱芜区", "370116"),
    ("gangcheng", "钢城区", "370117"),
    ("shanghe", "商河县", "370126"),
    ("gaoxin", "高新区", ""),
    ("qibuqu", "起步区", ""),
    ("nanbu", "南部山区", ""),
    ("laiwugx", "莱芜高新区", ""),
]
_STREET_FIRST = "东西南北中新青龙凤泉金银玉石文和兴安华明"
_STREET_SECOND = "山河湖园城桥村庄苑湾港岭店集关"
# Per bureau: the things its items are about; each becomes several items.
ITEM_OBJECTS = {
    "scjg": ["食品生产", "特种设备使用", "计量器具"],
    "zjj": ["建筑施工", "房地产开发", "物业服务"],
    "zrzy": ["建设用地规划", "不动产", "测绘资质"],
    "sthj": ["排污", "环境影响评价", "危险废物经营"],
    "jtys": ["道路运输经营", "出租汽车经营", "机动车维修经营"],
    "rsj": ["人力资源服务", "劳务派遣经营", "职业技能培训"],
    "jyj": ["民办学校办学", "教师资格", "校外培训机构"],
    "wjw": ["医疗机构执业", "公共场所卫生", "放射诊疗"],
    "cgj": ["城市道路占用", "户外广告设置", "建筑垃圾处置"],
    "swj": ["对外贸易经营", "成品油零售", "单用途预付卡"],
    "wlj": ["营业性演出", "旅行社业务经营", "娱乐场所经营"],
    "gaj": ["公章刻制", "旅馆业特种行业", "大型群众性活动"],
    "swuj": ["取水", "河道管理范围内建设项目", "城市排水"],
    "yjj": ["危险化学品经营", "烟花爆竹经营", "安全生产"],
    "ybj": ["定点医药机构", "医疗保障基金", "异地就医"],
    "xzsp": ["企业投资项目", "人防工程", "施工图审查"],
}
ITEM_ACTIONS = [("许可", "licence", 20, 10), ("许可延续", "licence", 20, 8), ("许可变更", "licence", 15, 5), ("备案", "other", 10, 3), ("注销", "other", 10, 2)]


@dataclass
class City:
    districts: list[Department] = field(default_factory=list)
    streets: list[Department] = field(default_factory=list)  # with .district_id set
    bureaus: dict[str, Department] = field(default_factory=dict)
    versions: list[ServiceItemVersion] = field(default_factory=list)
    handlers: dict[int, int] = field(default_factory=dict)  # department id -> a staff user id
    dispatcher_id: int | None = None


def _street_names():
    for a in _STREET_FIRST:
        for b in _STREET_SECOND:
            yield a + b


@transaction.atomic
def build() -> City:
    """The organisation and the catalogue; reuses what an earlier run or ``demo_city`` made."""
    with via(Channel.CLI):
        if not Department.objects.filter(code=org_demo.CITY[0]).exists():
            city: dict = {}
            org_demo.load(city)
            catalogue_demo.load(city)
        root = Department.objects.get(code=org_demo.CITY[0])
        admin = Staff.objects.select_related("user").get(user__username="admin").user
        for order, (code, name, division) in enumerate(MORE_DISTRICTS):
            if not Department.objects.filter(code=code).exists():
                full = f"{name}人民政府" if division else f"{name}管委会"
                department_create(
                    by=admin, code=code, name=full, short_name=name, kind=DepartmentKind.DISTRICT, parent=root, division_code=division, sort_order=20 + order
                )
        names = _street_names()
        used = set(Department.objects.filter(kind__in=[DepartmentKind.STREET, DepartmentKind.TOWNSHIP]).values_list("name", flat=True))
        for district in Department.objects.filter(kind=DepartmentKind.DISTRICT).order_by("sort_order", "id"):
            have = Department.objects.filter(parent=district).count()
            for n in range(have, STREETS_PER_DISTRICT):
                name = next(x for x in names if f"{x}街道" not in used) + "街道"
                used.add(name)
                department_create(
                    by=admin, code=f"{district.code}-s{n:02d}", name=name, short_name=name, kind=DepartmentKind.STREET, parent=district, sort_order=n
                )
        for bureau, objects in ITEM_OBJECTS.items():
            for i, obj in enumerate(objects):
                for j, (action, kind, legal, committed) in enumerate(ITEM_ACTIONS):
                    code = f"370100-{bureau.upper()}-BN-{i}{j}"
                    if ServiceItemVersion.objects.filter(item__code=code).exists():
                        continue
                    spec = ItemSpec(
                        code=code,
                        name=f"{obj}{action}",
                        department=bureau,
                        kind=kind,
                        legal_limit_days=legal,
                        committed_limit_days=committed,
                        legal_basis="基准测试生成事项（非真实设定依据）",
                        procedure="申请—受理—审查—决定—送达",
                        materials=(
                            MaterialSpec(code="SQS", name=f"{obj}{action}申请书"),
                            MaterialSpec(code="SFZ", name="申请人身份证明", form="original_copy"),
                        ),
                    )
                    item_create(by=admin, spec=spec, change_note="基准测试城市")
    return load()


def load() -> City:
    city = City()
    city.districts = list(Department.objects.filter(kind=DepartmentKind.DISTRICT).order_by("id"))
    city.streets = list(
        Department.objects.filter(kind__in=[DepartmentKind.STREET, DepartmentKind.TOWNSHIP], parent__kind=DepartmentKind.DISTRICT).order_by("id")
    )
    city.bureaus = {d.code: d for d in Department.objects.filter(kind=DepartmentKind.BUREAU)}
    city.versions = list(ServiceItemVersion.objects.filter(item__current=F("pk")).select_related("item").order_by("id"))
    for staff in Staff.objects.filter(is_active=True).select_related("user").prefetch_related("role_grants").order_by("id"):
        roles = {g.role for g in staff.role_grants.all()}
        if "handler" in roles:
            city.handlers.setdefault(staff.department_id, staff.user_id)
        if "dispatcher" in roles and city.dispatcher_id is None:
            city.dispatcher_id = staff.user_id
    return city
