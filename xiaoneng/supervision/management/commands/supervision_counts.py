import json

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core.commands import command_errors
from xiaoneng.core.context import Channel, via
from xiaoneng.supervision import open_counts


class Command(BaseCommand):
    help = "核对电子监察扫描维护的未解除预警计数（按部门、级别、规则）与按预警重新统计的结果；有差异时报错。--rebuild 按重新统计的结果重写计数。"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="按预警重新统计并重写计数（差异记入审计）")

    def handle(self, *args, **options):
        with command_errors(), via(Channel.CLI):
            found = open_counts.counts_rebuild(by=None) if options["rebuild"] else open_counts.differences()
        rows = [{"department_id": d, "level": lv, "rule": r, "kept": a, "counted": b} for (d, lv, r), a, b in found]
        self.stdout.write(json.dumps({"rebuilt": options["rebuild"], "differences": rows}, ensure_ascii=False))
        if found and not options["rebuild"]:
            raise CommandError(f"未解除预警计数与重新统计不一致：{len(found)} 处（可用 --rebuild 重写）")
