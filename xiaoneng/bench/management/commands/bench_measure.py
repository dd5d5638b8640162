import json

from django.core.management.base import BaseCommand

from xiaoneng.bench import measure


class Command(BaseCommand):
    help = "基准测试的进程内测量（由 make bench 调用）：apikey 生成接入密钥；measure 测量监察扫描、统计与监察看板、分派建议；nodes 检查多节点运行有无重复和遗漏；intake 在进程内受理若干件，测每件的 CPU 毫秒数和语句数；输出 JSON。"

    def add_arguments(self, parser):
        parser.add_argument("step", choices=["apikey", "measure", "nodes", "intake"])
        parser.add_argument("--intakes", type=int, default=300, help="intake：进程内受理的件数")
        parser.add_argument("--profile", default="", help="intake：cProfile 统计写入的文件")
        parser.add_argument("--acknowledged", help="nodes：负载客户端收到的受理编号（JSON 文件）")
        parser.add_argument("--timeout", type=float, default=900, help="nodes：等待两次并发扫描的秒数")
        parser.add_argument("--repeat", type=int, default=20, help="看板查询重复次数")
        parser.add_argument("--routing-sample", type=int, default=1000, help="测量分派建议的工单数")
        parser.add_argument("--routing-training", type=int, default=20_000, help="训练分派模型用的最近办结工单数")

    def handle(self, *args, step, repeat, routing_sample, routing_training, acknowledged, timeout, intakes, profile, **options):
        if step == "intake":
            self.stdout.write(json.dumps(measure.intake(intakes, profile)))
            return
        if step == "apikey":
            self.stdout.write(json.dumps({"api_key": measure.api_key()}))
            return
        if step == "nodes":
            with open(acknowledged, encoding="utf-8") as f:
                self.stdout.write(json.dumps(measure.nodes(json.load(f), timeout)))
            return
        figures = measure.sweep()
        figures |= measure.dashboards(repeat)
        figures |= measure.routing(routing_sample, routing_training)
        figures["worker_peak_rss_mb"] = measure.peak_rss_mb()
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
