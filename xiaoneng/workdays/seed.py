"""The first load of the calendar, shared by the data migration and the test set-up (which
must restore it after a test that empties the database)."""

from django.utils import timezone


def seed_calendar(CalendarDay, CalendarYear) -> list[int]:
    import chinese_calendar

    from .services import package_schedule

    now = timezone.now()
    source = f"chinesecalendar {chinese_calendar.__version__}"
    years = package_schedule()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, kind=k, name=n, source="national", updated_at=now) for days in years.values() for d, k, n in days],
        ignore_conflicts=True,
    )
    for year in years:
        CalendarYear.objects.get_or_create(year=year, defaults={"source": source, "loaded_at": now, "updated_at": now})
    return sorted(years)
