"""The notification table, moved here from supervision without touching the database."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("supervision", "0004_notifications_move_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("warning", "电子监察"),
                                    ("order", "督办"),
                                    ("fault", "过错认定"),
                                    ("sanction", "责任追究"),
                                    ("appeal", "申诉"),
                                    ("publicity", "红黑榜"),
                                    ("inspection", "明察暗访"),
                                    ("reply", "答复质量"),
                                ],
                                max_length=20,
                                verbose_name="类别",
                            ),
                        ),
                        ("text", models.TextField(verbose_name="内容")),
                        ("link", models.CharField(blank=True, max_length=300, verbose_name="链接")),
                        ("created_at", models.DateTimeField(verbose_name="时间")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="已读时间")),
                        ("batch", models.BigIntegerField(blank=True, db_column="sweep_id", null=True, verbose_name="批次")),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="接收人"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "站内通知",
                        "verbose_name_plural": "站内通知",
                        "db_table": "supervision_notification",
                        "indexes": [
                            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
                            models.Index(condition=models.Q(("read_at__isnull", True)), fields=["recipient"], name="notification_unread"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("batch__isnull", False)), fields=("batch", "recipient"), name="notification_sweep_recipient"
                            )
                        ],
                    },
                )
            ]
        ),
    ]
