from django.db import migrations, models


def mark_legacy(apps, schema_editor):
    """Records sealed so far used plain SHA-256: they stay as they are (the trigger forbids
    resealing) and become the chain's first epoch; the next seal starts a keyed epoch whose
    first MAC covers the last legacy hash, so the old records are protected from then on."""
    Head = apps.get_model("core", "AuditChainHead")
    for head in Head.objects.all():
        if head.last_seq and not head.epochs:
            head.epochs = [{"from_seq": 1, "algorithm": "sha256", "key_id": ""}]
            head.save(update_fields=["epochs"])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_chain_head_and_append_only")]

    operations = [
        migrations.AddField(model_name="auditchainhead", name="epochs", field=models.JSONField(blank=True, default=list)),
        migrations.RunPython(mark_legacy, migrations.RunPython.noop),
    ]
