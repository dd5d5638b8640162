from django.db import migrations


def seed(apps, schema_editor):
    from xiaoneng.inspections.defaults import seed_categories

    seed_categories(apps.get_model("inspections", "FindingCategory"), apps.get_model("accountability", "ProhibitedConduct"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial"), ("accountability", "0003_default_conduct_and_ladders")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
