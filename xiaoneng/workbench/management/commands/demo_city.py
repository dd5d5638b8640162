from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from xiaoneng.clocks.backfill import loading_history
from xiaoneng.core.context import Channel, via
from xiaoneng.demo import DEMO_LOADERS
from xiaoneng.org.demo import CITY, DEMO_ACCOUNTS
from xiaoneng.org.models import Department, Role


class Command(BaseCommand):
    help = "载入演示城市（组织、人员及各业务的演示数据）；已载入时只打印演示账号。"

    def handle(self, *args, **options):
        if Department.objects.filter(code=CITY[0]).exists():
            self.stdout.write("演示城市已存在，跳过载入。")
        else:
            city: dict = {}
            with via(Channel.CLI), loading_history(), transaction.atomic():
                for path in DEMO_LOADERS:
                    self.stdout.write(f"载入 {path} …")
                    import_string(path)(city)
            self.stdout.write(self.style.SUCCESS(f"演示城市“{settings.XIAONENG['CITY_NAME']}”已载入。"))
        self.stdout.write("\n演示账号（仅供演示，密码与用户名相同）：")
        for username, name, _, position, _, roles in DEMO_ACCOUNTS:
            labels = "、".join(Role(r).label for r in roles)
            self.stdout.write(f"  {username:<15} 密码 {username:<15} {name} · {position} · {labels}")
        self.stdout.write("")
