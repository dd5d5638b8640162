import json
import time

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core.commands import command_errors
from xiaoneng.insights import classifier, csvfiles


class Command(BaseCommand):
    help = "评估派单模型：--train 训练文件 --test 测试文件，或 --csv 文件 --cv 5 交叉验证；输出 JSON（accuracy、macro_f1、各类 precision/recall、训练秒数、每条预测毫秒数）。不写数据库。"

    def add_arguments(self, parser):
        parser.add_argument("--train", help="训练文件（label,title,text[,seg_text] 或 text,label 列）")
        parser.add_argument("--test", help="测试文件（同上）")
        parser.add_argument("--csv", help="交叉验证用的文件")
        parser.add_argument("--cv", type=int, default=0, help="交叉验证折数（配合 --csv）")

    def handle(self, *args, **options):
        with command_errors(ValueError):
            if options["csv"] and options["cv"] >= 2:
                texts, labels = csvfiles.labelled(options["csv"])
                result = classifier.cross_validate(texts, labels, folds=options["cv"])
                result.pop("predictions")
            elif options["train"] and options["test"]:
                texts, labels = csvfiles.labelled(options["train"])
                started = time.perf_counter()
                model = classifier.train(texts, labels)
                seconds = time.perf_counter() - started
                test_texts, test_labels = csvfiles.labelled(options["test"])
                result = {**classifier.evaluate(model, test_texts, test_labels), "train_samples": len(texts), "train_seconds": round(seconds, 2)}
            else:
                raise CommandError("请给出 --train 和 --test，或 --csv 和 --cv N（N ≥ 2）")
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
