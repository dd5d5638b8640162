"""The demo city's inspections: a drawn plan for the coming weeks, and findings from recent
visits with photo evidence, one already referred for accountability."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image, ImageDraw

from xiaoneng.core import clock
from xiaoneng.org.models import Department, DepartmentKind

from . import services
from .models import FindingCategory

DEMO_SEED = 20261122

FINDINGS = [
    # (department code, person username or None, category, hours ago, where, what, refer for accountability)
    ("zwfw-scjg", "window", "games", 50, "市场准入窗口2号台", "工作时间用手机玩游戏，办事企业排队等候约15分钟无人接待。", True),
    ("zwfw-zhsl", None, "badge", 30, "综合受理窗口", "3名窗口人员未按规定佩戴工作牌，无法识别身份。", False),
    ("cgj", None, "late", 75, "市城管局政务服务科", "上午9:10仍有2个岗位无人到岗。", False),
]


def _photo(text: str) -> bytes:
    image = Image.new("RGB", (320, 200), (236, 240, 244))
    ImageDraw.Draw(image).text((12, 90), text, fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def load(city: dict) -> None:
    supervisor = city["staff"]["supervisor"].user
    today = clock.today()
    pool = list(Department.objects.filter(is_active=True, kind__in=[DepartmentKind.WINDOW, DepartmentKind.BUREAU]))
    plan = services.plan_create(
        by=supervisor,
        title=f"{today.year}年{today.month}月政务服务窗口作风暗访",
        starts_on=today,
        ends_on=today + dt.timedelta(days=20),
        target_count=6,
        departments=pool,
        notes="不打招呼、不定时间，重点检查到岗、着装、服务态度和一次性告知落实情况。",
    )
    services.plan_draw(by=supervisor, plan=plan, seed=DEMO_SEED)
    for code, who, category, hours_ago, where, what, refer in FINDINGS:
        department = city["departments"][code]
        person = city["staff"][who] if who else None
        finding = services.finding_record(
            by=supervisor,
            department=department,
            person=person,
            category=FindingCategory.objects.get(code=category),
            observed_at=clock.now() - dt.timedelta(hours=hours_ago),
            location=where,
            description=what,
        )
        services.evidence_add(by=supervisor, finding=finding, name="现场照片.jpg", content=_photo(f"{department.short_name or department.name} {where}"))
        if refer:
            services.finding_open_fault(by=supervisor, finding=finding)
