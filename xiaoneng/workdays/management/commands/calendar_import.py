import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core.commands import command_errors
from xiaoneng.core.context import Channel, via
from xiaoneng.workdays import services


class Command(BaseCommand):
    help = "导入某年的放假安排（CSV：日期,类型,名称；或 JSON）；不带文件时从 chinesecalendar 包载入其已知的全部年份。"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV 或 JSON 文件")
        parser.add_argument("--year", type=int, help="年份（导入文件时必填）")
        parser.add_argument("--source", default="", help="来源说明，如 国办发明电〔2026〕X号")
        parser.add_argument("--local", action="store_true", help="本地安排（不标记该年已公布）")

    def handle(self, *args, **options):
        with via(Channel.CLI), command_errors():
            if not options["file"]:
                years = services.calendar_seed_from_package()
                self.stdout.write(json.dumps({"loaded_years": years}))
                return
            if not options["year"]:
                raise CommandError("导入文件时必须指定 --year")
            path = Path(options["file"])
            days = services.parse_schedule(path.read_bytes(), filename=path.name)
            result = services.calendar_load_year(by=None, year=options["year"], days=days, source=options["source"] or path.name, local=options["local"])
            self.stdout.write(json.dumps(result, ensure_ascii=False))
