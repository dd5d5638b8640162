"""The demo city's organisation: 济南市 with districts, streets and townships, a dozen and
more city bureaus, the government service centre and its windows, the 12345 hotline
centre and the soft-environment office, and staff in every role."""

from __future__ import annotations

import random

from .models import DepartmentKind as K
from .models import Role
from .services import department_create, staff_create

CITY = ("jinan", "济南市人民政府", "济南市", "370100")

DISTRICTS = [
    (
        "lixia",
        "历下区",
        "370102",
        [
            ("lixia-jiefanglu", "解放路街道", K.STREET),
            ("lixia-quanchenglu", "泉城路街道", K.STREET),
            ("lixia-daminghu", "大明湖街道", K.STREET),
            ("lixia-qianfoshan", "千佛山街道", K.STREET),
        ],
    ),
    (
        "shizhong",
        "市中区",
        "370103",
        [("shizhong-daguanyuan", "大观园街道", K.STREET), ("shizhong-ganshiqiao", "杆石桥街道", K.STREET), ("shizhong-silicun", "四里村街道", K.STREET)],
    ),
    (
        "huaiyin",
        "槐荫区",
        "370104",
        [("huaiyin-zhenxingjie", "振兴街街道", K.STREET), ("huaiyin-daodejie", "道德街街道", K.STREET), ("huaiyin-zhongdahuaishu", "中大槐树街道", K.STREET)],
    ),
    (
        "tianqiao",
        "天桥区",
        "370105",
        [("tianqiao-beicun", "北村街道", K.STREET), ("tianqiao-nancun", "南村街道", K.STREET), ("tianqiao-tianqiaodongjie", "天桥东街街道", K.STREET)],
    ),
    (
        "licheng",
        "历城区",
        "370112",
        [("licheng-shandalu", "山大路街道", K.STREET), ("licheng-hongjialou", "洪家楼街道", K.STREET), ("licheng-dongfeng", "东风街道", K.STREET)],
    ),
    (
        "pingyin",
        "平阴县",
        "370124",
        [("pingyin-yushan", "榆山街道", K.STREET), ("pingyin-donge", "东阿镇", K.TOWNSHIP), ("pingyin-kongcun", "孔村镇", K.TOWNSHIP)],
    ),
]

BUREAUS = [
    ("xzsp", "济南市行政审批服务局", "市审批局"),
    ("scjg", "济南市市场监督管理局", "市市场监管局"),
    ("zjj", "济南市住房和城乡建设局", "市住建局"),
    ("zrzy", "济南市自然资源和规划局", "市自然资源局"),
    ("sthj", "济南市生态环境局", "市生态环境局"),
    ("jtys", "济南市交通运输局", "市交通运输局"),
    ("rsj", "济南市人力资源和社会保障局", "市人社局"),
    ("jyj", "济南市教育局", "市教育局"),
    ("wjw", "济南市卫生健康委员会", "市卫健委"),
    ("cgj", "济南市城市管理局", "市城管局"),
    ("swj", "济南市商务局", "市商务局"),
    ("wlj", "济南市文化和旅游局", "市文旅局"),
    ("gaj", "济南市公安局", "市公安局"),
    ("swuj", "济南市水务局", "市水务局"),
    ("yjj", "济南市应急管理局", "市应急局"),
    ("ybj", "济南市医疗保障局", "市医保局"),
]

SERVICE_CENTRE = ("zwfw", "济南市政务服务中心", "市政务服务中心")
WINDOWS = [
    ("zwfw-zhsl", "综合受理窗口", "综合受理"),
    ("zwfw-scjg", "市场准入窗口", "市场准入"),
    ("zwfw-bdc", "不动产登记窗口", "不动产登记"),
    ("zwfw-sbyb", "社保医保窗口", "社保医保"),
    ("zwfw-jsxm", "工程建设项目审批窗口", "工程建设"),
]
HOTLINE = ("rexian", "济南市12345市民服务热线中心", "12345热线中心")
SOFT_ENV_OFFICE = ("rhjb", "济南市软环境建设办公室", "市软环境办")

# The accounts printed at start-up; password equals the user name (demo only).
DEMO_ACCOUNTS = [
    ("admin", "王磊", "jinan", "信息化管理员", False, [Role.ADMIN]),
    ("window", "刘洋", "zwfw-scjg", "窗口受理员", False, [Role.WINDOW]),
    ("dispatcher", "赵敏", "rexian", "派单员", False, [Role.DISPATCHER]),
    ("handler", "陈晨", "scjg", "科员", False, [Role.HANDLER]),
    ("head", "张建国", "scjg", "副局长", True, [Role.HEAD]),
    ("supervisor", "孙丽", "rhjb", "效能监督科科长", False, [Role.SUPERVISOR]),
    ("leader", "李明", "jinan", "副市长", True, [Role.LEADER]),
    # 行政许可法 第四十二条第二款: approves a joint application's +15 working days.
    ("government_head", "周正", "jinan", "常务副市长", True, [Role.GOVERNMENT_HEAD]),
    # Keeps the 12345 centre's duty roster (派单值班表).
    ("hotline_head", "钱进", "rexian", "热线中心主任", True, [Role.HEAD]),
]

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志文斌宇浩凯健俊帆帅旭宁欣晨阳雪琳晶颖倩婷佳慧博睿"


def _names(seed: int):
    rng = random.Random(seed)
    used = set()
    while True:
        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in used:
            used.add(name)
            yield name


def load(city: dict) -> None:
    by = None
    code, name, short, division = CITY
    root = department_create(by=by, code=code, name=name, short_name=short, kind=K.CITY, division_code=division)
    depts = {code: root}
    for order, (dcode, dname, ddiv, streets) in enumerate(DISTRICTS):
        d = department_create(
            by=by, code=dcode, name=f"{dname}人民政府", short_name=dname, kind=K.DISTRICT, parent=root, division_code=ddiv, sort_order=10 + order
        )
        depts[dcode] = d
        for sorder, (scode, sname, skind) in enumerate(streets):
            depts[scode] = department_create(by=by, code=scode, name=sname, short_name=sname, kind=skind, parent=d, sort_order=sorder)
    for order, (bcode, bname, bshort) in enumerate(BUREAUS):
        depts[bcode] = department_create(by=by, code=bcode, name=bname, short_name=bshort, kind=K.BUREAU, parent=root, sort_order=100 + order)
    ccode, cname, cshort = SERVICE_CENTRE
    centre = department_create(by=by, code=ccode, name=cname, short_name=cshort, kind=K.WINDOW, parent=root, sort_order=200)
    depts[ccode] = centre
    for order, (wcode, wname, wshort) in enumerate(WINDOWS):
        depts[wcode] = department_create(by=by, code=wcode, name=wname, short_name=wshort, kind=K.WINDOW, parent=centre, sort_order=order)
    for order, (ocode, oname, oshort) in enumerate((HOTLINE, SOFT_ENV_OFFICE)):
        depts[ocode] = department_create(by=by, code=ocode, name=oname, short_name=oshort, kind=K.OFFICE, parent=root, sort_order=300 + order)

    staff = {}
    for username, person, dcode, position, leader, roles in DEMO_ACCOUNTS:
        staff[username] = staff_create(
            by=by,
            username=username,
            password=username,
            name=person,
            department=depts[dcode],
            roles=roles,
            position=position,
            is_leader=leader,
            phone=f"1530531{len(staff):04d}",
        )

    names = _names(2026)
    serial = 0

    def hire(dept, roles, position, leader=False):
        nonlocal serial
        serial += 1
        username = f"{dept.code}-{serial:03d}"
        person = staff_create(
            by=by,
            username=username,
            password=f"!demo-disabled-{serial}",
            name=next(names),
            department=dept,
            roles=roles,
            position=position,
            is_leader=leader,
            phone=f"1380531{serial:04d}",
            badge_no=f"JN{serial:05d}",
        )
        person.user.set_unusable_password()
        person.user.save(update_fields=["password"])
        staff[username] = person
        return person

    for bcode, _, _ in BUREAUS:
        if bcode != "scjg":
            hire(depts[bcode], [Role.HEAD], "局长", leader=True)
        hire(depts[bcode], [Role.HANDLER], "科长")
        hire(depts[bcode], [Role.HANDLER], "科员")
    for dcode, _, _, streets in DISTRICTS:
        hire(depts[dcode], [Role.HEAD], "区长" if dcode != "pingyin" else "县长", leader=True)
        hire(depts[dcode], [Role.HANDLER], "政务服务办工作人员")
        for scode, _, _ in streets:
            hire(depts[scode], [Role.HANDLER], "便民服务中心工作人员")
    for wcode, _, _ in WINDOWS:
        hire(depts[wcode], [Role.WINDOW], "窗口受理员")
        hire(depts[wcode], [Role.WINDOW], "窗口受理员")
    hire(centre, [Role.HEAD], "中心主任", leader=True)
    hire(depts["rexian"], [Role.DISPATCHER], "话务派单员")
    hire(depts["rexian"], [Role.DISPATCHER], "话务派单员")
    hire(depts["rhjb"], [Role.SUPERVISOR], "效能监督员")
    hire(depts["rhjb"], [Role.HEAD, Role.SUPERVISOR], "主任", leader=True)
    hire(root, [Role.LEADER], "市长", leader=True)

    city["departments"] = depts
    city["staff"] = staff
    city["accounts"] = [(u, p, r) for u, p, _, _, _, r in DEMO_ACCOUNTS]
