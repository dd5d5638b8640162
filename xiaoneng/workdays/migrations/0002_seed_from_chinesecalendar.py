"""Seed the calendar with every year the pinned ``chinesecalendar`` package knows.  Later
years are loaded by administrators (工作台 › 工作日历, or ``manage.py calendar_import``)."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    import chinese_calendar

    from xiaoneng.workdays.seed import seed_calendar

    years = seed_calendar(apps.get_model("workdays", "CalendarDay"), apps.get_model("workdays", "CalendarYear"))
    apps.get_model("core", "AuditRecord").objects.create(
        at=timezone.now(),
        actor_name="系统",
        channel="system",
        action="calendar.seed",
        subject_type="workdays.calendaryear",
        subject_id="*",
        after={"years": years, "source": f"chinesecalendar {chinese_calendar.__version__}"},
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial"), ("core", "0002_chain_head_and_append_only")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
