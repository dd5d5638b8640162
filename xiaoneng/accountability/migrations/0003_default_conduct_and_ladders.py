from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from xiaoneng.accountability.defaults import seed_conduct, seed_ladders

    seed_conduct(apps.get_model("accountability", "ProhibitedConduct"))
    seed_ladders(apps.get_model("accountability", "SanctionLadder"), apps.get_model("accountability", "SanctionStep"), timezone.now())


class Migration(migrations.Migration):
    dependencies = [("accountability", "0002_conduct_sanctions_appeals")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
