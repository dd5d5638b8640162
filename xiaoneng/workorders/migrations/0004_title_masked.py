from django.db import migrations, models


def fill(apps, schema_editor):
    """Mask the titles of the cases already stored, in batches (the one masking policy)."""
    from xiaoneng.core.masking import redact

    WorkOrder = apps.get_model("workorders", "WorkOrder")
    fields = ["requester_name", "requester_phone", "requester_email", "requester_id_number", "requester_address", "requester_organization", "requester_uscc"]
    last = 0
    while True:
        batch = list(WorkOrder.objects.filter(pk__gt=last).order_by("pk").only("pk", "title", *fields)[:2000])
        if not batch:
            return
        for wo in batch:
            wo.title_masked = redact(wo.title, known=[getattr(wo, f) for f in fields])
        WorkOrder.objects.bulk_update(batch, ["title_masked"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("workorders", "0003_stats_covering_index")]

    operations = [
        migrations.AddField(
            model_name="workorder",
            name="title_masked",
            field=models.CharField(blank=True, db_default="", default="", max_length=200, verbose_name="标题（脱敏）"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
