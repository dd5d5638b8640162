"""The one table of the benchmark: the baseline view inserts a row here, so that the bench
compares intake with the cheapest write Django can do through the same server and database."""

from django.db import models


class BaselineRow(models.Model):
    created_at = models.DateTimeField()
    note = models.CharField(max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "基准测试行"
