from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假（休息日）"
    WORKDAY = "workday", "调休上班"


class DaySource(models.TextChoices):
    NATIONAL = "national", "国务院办公厅安排"
    LOCAL = "local", "本地安排"


class CalendarDay(models.Model):
    """A date that differs from the plain Monday–Friday week: a holiday (usually a weekday
    off) or a make-up working day (调休, usually a weekend day worked)."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=60, blank=True, help_text="如 春节、国庆节")
    source = models.CharField("来源", max_length=10, choices=DaySource.choices, default=DaySource.NATIONAL)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """A year whose national schedule has been published and loaded.  Dates in any other
    year count weekends only and every deadline computed across them is provisional."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=200, blank=True, help_text="如 chinesecalendar 1.11.0 或 国办发明电〔2025〕7号")
    loaded_at = models.DateTimeField("载入时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "已公布年度安排"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年"
