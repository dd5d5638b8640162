import json

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core import files


class Command(BaseCommand):
    help = "检查数据库中登记的每个上传文件（证据、附件）是否都在存储中；有缺失时以非零状态退出（恢复备份后运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--list", type=int, default=20, help="最多列出多少个缺失的文件")

    def handle(self, *args, **options):
        checked, absent = files.count()
        self.stdout.write(json.dumps({"ok": not absent, "checked": checked, "missing": len(absent), "examples": absent[: options["list"]]}, ensure_ascii=False))
        if absent:
            raise CommandError(f"{len(absent)} 个文件缺失（共检查 {checked} 个），请从备份恢复 MEDIA_ROOT")
