"""The reference time limits (广东省12345热线 rules), for administrators to adjust."""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

# key: (working days to answer, office hours to sign for, working days between feedbacks)
REFERENCE = {
    "consultation": (2, Decimal("1"), None),
    "help": (10, Decimal("1"), 5),
    "suggestion": (10, Decimal("1"), 5),
    "complaint": (15, Decimal("1"), 5),
    "report": (15, Decimal("1"), 5),
    "enterprise": (10, Decimal("1"), 5),
    "urgent": (0, Decimal("0.5"), None),
}


def seed(apps, schema_editor):
    TimeLimit = apps.get_model("workorders", "TimeLimit")
    now = timezone.now()
    for key, (days, hours, feedback) in REFERENCE.items():
        TimeLimit.objects.get_or_create(key=key, defaults={"handle_days": days, "sign_hours": hours, "feedback_interval_days": feedback, "updated_at": now})


class Migration(migrations.Migration):
    dependencies = [("workorders", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
