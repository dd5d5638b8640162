import json

from django.core.management.base import BaseCommand

from xiaoneng.core.commands import command_errors
from xiaoneng.core.context import Channel, via
from xiaoneng.supervision.sweep import warnings_sweep
from xiaoneng.web import params


class Command(BaseCommand):
    help = "执行电子监察扫描：发出临期预警、黄牌、红牌（红牌同时登记行政过错），输出 JSON 统计。可重复执行，不会重复发出。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="按某一历史时刻补发（ISO 8601，如 2026-10-11T09:00:00+08:00；无时区按北京时间）")
        parser.add_argument("--dry-run", action="store_true", help="只统计将发出的内容，不写入")

    def handle(self, *args, **options):
        with command_errors(), via(Channel.CLI):
            result = warnings_sweep(by=None, as_of=params.moment(options["as_of"], "--as-of"), dry_run=options["dry_run"])
        out = {"as_of": result.as_of.isoformat(), "dry_run": result.dry_run, "sweep_id": result.sweep_id, **result.counts}
        self.stdout.write(json.dumps(out, ensure_ascii=False))
