from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from xiaoneng.supervision.defaults import seed_rules

    seed_rules(apps.get_model("supervision", "SupervisionRule"), timezone.now())


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("clocks", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        # A live pass re-reads only the clocks that changed since the previous one: stopped
        # since (late ones earn a yellow card, open warnings are resolved) or started, moved or
        # resumed since.  The clocks table is the foundation's; these indexes are the sweeper's.
        migrations.RunSQL(
            "CREATE INDEX supervision_clock_stopped ON clocks_clock (stopped_at) WHERE state = 'stopped'",
            "DROP INDEX supervision_clock_stopped",
        ),
        migrations.RunSQL(
            "CREATE INDEX supervision_clock_changed ON clocks_clock (updated_at) WHERE state = 'running'",
            "DROP INDEX supervision_clock_changed",
        ),
    ]
