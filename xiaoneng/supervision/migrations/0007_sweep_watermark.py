from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0006_open_warning_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="sweeprun",
            name="watermark",
            field=models.DateTimeField(
                blank=True, help_text="此前登记的时限变更这次扫描都已看到；下次实时扫描从这里起重新判定", null=True, verbose_name="已见变更截至"
            ),
        ),
        # A live pass re-judges the clocks changed since the previous one, whatever their
        # state (a stop recorded since, too): the index on updated_at covers every state (the
        # running-only one left the stopped clocks to a scan of the whole table).
        migrations.RunSQL(
            "DROP INDEX supervision_clock_changed",
            "CREATE INDEX supervision_clock_changed ON clocks_clock (updated_at) WHERE state = 'running'",
        ),
        migrations.RunSQL(
            "CREATE INDEX supervision_clock_changed ON clocks_clock (updated_at)",
            "DROP INDEX supervision_clock_changed",
        ),
    ]
