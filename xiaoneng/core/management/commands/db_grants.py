from django.core.management.base import BaseCommand
from django.db import connection

from xiaoneng.core.grants import app_role_grants


class Command(BaseCommand):
    help = "打印应用数据库角色的授权语句（PostgreSQL；由表的所有者在每次迁移后执行），见 docs/security.md。"

    def add_arguments(self, parser):
        parser.add_argument("role", help="应用连接数据库所用的角色，如 xiaoneng_app")
        parser.add_argument("--schema", default="public")

    def handle(self, *args, **options):
        database = connection.settings_dict["NAME"]
        for statement in app_role_grants(options["role"], database=database, schema=options["schema"]):
            self.stdout.write(statement + ";")
