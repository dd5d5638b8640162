import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core.context import Channel, via
from xiaoneng.core.errors import DomainError
from xiaoneng.insights import csvfiles, selectors
from xiaoneng.insights.services import routing_model_train


class Command(BaseCommand):
    help = "训练派单模型并启用新版本：默认用本市已办结工单（标签为最终承办部门），或 --csv 指定的标注文件（label,title,text 或 text,label 列）。"

    def add_arguments(self, parser):
        parser.add_argument("--csv", help="标注文件；不给则用数据库中已办结的工单")
        parser.add_argument("--no-activate", action="store_true", help="只保存，不启用")
        parser.add_argument("--limit", type=int, default=None, help="从数据库训练时最多取最近办结的多少件（默认 XIAONENG['ROUTING_TRAINING_LIMIT']）")

    def handle(self, *args, **options):
        try:
            if options["csv"]:
                texts, labels = csvfiles.labelled(options["csv"])
                source = f"文件 {options['csv']}"
            else:
                limit = options["limit"] or settings.XIAONENG["ROUTING_TRAINING_LIMIT"]
                if limit < 1:
                    raise CommandError("--limit 必须是正整数")
                texts, labels = selectors.training_cases(limit)
                source = "已办结工单"
            with via(Channel.CLI):
                row = routing_model_train(by=None, texts=texts, labels=labels, source=source, activate=not options["no_activate"])
        except DomainError as exc:
            if exc.code == "too_few_samples":
                self.stdout.write(json.dumps({"trained": False, "samples": len(texts), "message": exc.message}, ensure_ascii=False))
                return
            raise CommandError(exc.message) from None
        out = {
            "trained": True,
            "version": row.version,
            "active": row.is_active,
            "samples": row.samples,
            "labels": row.labels,
            "train_seconds": row.train_seconds,
            **row.metrics,
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False))
