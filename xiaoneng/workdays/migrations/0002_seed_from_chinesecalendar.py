"""Seed the calendar with every year the pinned ``chinesecalendar`` package knows.  Later
years are loaded by administrators (工作台 › 工作日历, or ``manage.py calendar_import``)."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    import chinese_calendar

    from xiaoneng.workdays.services import package_schedule

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    AuditRecord = apps.get_model("core", "AuditRecord")
    now = timezone.now()
    source = f"chinesecalendar {chinese_calendar.__version__}"
    years = package_schedule()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, kind=k, name=n, source="national", updated_at=now) for days in years.values() for d, k, n in days],
        ignore_conflicts=True,
    )
    for year in years:
        CalendarYear.objects.get_or_create(year=year, defaults={"source": source, "loaded_at": now, "updated_at": now})
    AuditRecord.objects.create(
        at=now, actor_name="系统", channel="system", action="calendar.seed", subject_type="workdays.calendaryear",
        subject_id="*", after={"years": sorted(years), "source": source},
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial"), ("core", "0002_chain_head_and_append_only")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
