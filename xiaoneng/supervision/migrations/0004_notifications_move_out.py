"""Notifications become a package of their own (``xiaoneng.notifications``); the table stays.
The sweep's foreign key from a notification to its run becomes a plain batch number, since
the notifications package knows nothing of sweeps."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("supervision", "0003_dashboard_indexes")]

    operations = [
        # Drops the foreign-key constraint in the database; the column stays.
        migrations.AlterField(
            model_name="notification",
            name="sweep",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="supervision.sweeprun",
            ),
        ),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Notification")]),
    ]
