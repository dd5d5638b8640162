import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core.commands import command_errors
from xiaoneng.core.context import Channel, via
from xiaoneng.core.errors import outcome
from xiaoneng.insights import csvfiles, selectors
from xiaoneng.insights.codes import Error
from xiaoneng.insights.services import routing_model_train


class Command(BaseCommand):
    help = "训练派单模型并启用新版本：默认用本市已办结工单（标签为最终承办部门），或 --csv 指定的标注文件（label,title,text 或 text,label 列）。"

    def add_arguments(self, parser):
        parser.add_argument("--csv", help="标注文件；不给则用数据库中已办结的工单")
        parser.add_argument("--no-activate", action="store_true", help="只保存，不启用")
        parser.add_argument("--limit", type=int, default=None, help="从数据库训练时最多取最近办结的多少件（默认 XIAONENG['ROUTING_TRAINING_LIMIT']）")

    def handle(self, *args, **options):
        with command_errors():
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
            row, refused = outcome(lambda: routing_model_train(by=None, texts=texts, labels=labels, source=source, activate=not options["no_activate"]))
        if refused is not None and refused.code == Error.TOO_FEW_SAMPLES:
            self.stdout.write(json.dumps({"trained": False, "samples": len(texts), "message": refused.message}, ensure_ascii=False))
            return
        if refused is not None:
            raise CommandError(refused.message)
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
