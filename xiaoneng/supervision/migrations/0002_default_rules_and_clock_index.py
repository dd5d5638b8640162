from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from xiaoneng.supervision.defaults import seed_rules

    seed_rules(apps.get_model("supervision", "SupervisionRule"), timezone.now())


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("clocks", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        # The sweeper re-reads the clocks stopped since its previous pass (late ones earn a
        # yellow card, and their open warnings are resolved); the clocks table is the
        # foundation's, the index is ours.
        migrations.RunSQL(
            "CREATE INDEX supervision_clock_stopped ON clocks_clock (stopped_at) WHERE state = 'stopped'",
            "DROP INDEX supervision_clock_stopped",
        ),
    ]
