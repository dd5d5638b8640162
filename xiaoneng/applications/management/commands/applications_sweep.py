import json

from django.core.management.base import BaseCommand

from xiaoneng.applications.services import sweepers
from xiaoneng.core.commands import command_errors
from xiaoneng.core.context import Channel, via
from xiaoneng.web import params


class Command(BaseCommand):
    help = "执行办件期限清扫：逾期未告知视为受理、协办部门逾期视为同意、超时默认视为准予（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期判断是否逾期（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        with command_errors():
            today = params.date(options["date"], "--date ")
        with via(Channel.CLI):
            self.stdout.write(json.dumps(sweepers.sweep_all(today=today), ensure_ascii=False))
