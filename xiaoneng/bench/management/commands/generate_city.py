import time

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.applications.models import Application
from xiaoneng.bench import organisation, writer
from xiaoneng.bench.rows import APP_COLUMNS, CLOCK_COLUMNS, FOLLOWUP_COLUMNS, WO_COLUMNS, Generator
from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.workorders.models import FollowUp, WorkOrder

CHUNK = 20_000


class Command(BaseCommand):
    help = (
        "生成城市规模的基准测试数据：组织（16个区县、约300个街道）、数百个事项（经由业务服务写入并审计），"
        "以及一年的 N 件工单（含回访、时限）和 M 件审批办件（含时限）。"
        "工单与办件为批量写入（PostgreSQL 使用 COPY），不经业务服务、不逐条写审计记录："
        "仅供性能测试，切勿在生产库运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=10_000, help="工单数")
        parser.add_argument("--applications", type=int, default=2_000, help="审批办件数")
        parser.add_argument("--seed", type=int, default=12345, help="随机种子（相同种子生成相同数据）")
        parser.add_argument("--open-cases", type=int, default=0, help="至少保持最近的这么多件工单在办（积压），用于百万级时限扫描")

    def handle(self, *args, cases, applications, seed, open_cases, **options):
        if cases < 0 or applications < 0 or open_cases < 0:
            raise CommandError("数量不能为负数")
        started = time.monotonic()
        city = organisation.build()
        self.stderr.write(
            f"组织与事项：{len(city.districts)} 个区县，{len(city.streets)} 个街道（乡镇），{len(city.bureaus)} 个市直部门，{len(city.versions)} 个事项"
        )
        gen = Generator(city, seed=seed, now=clock.now())
        counts = {"workorders": 0, "followups": 0, "clocks": 0, "applications": 0}
        with writer.bulk_load(WorkOrder, FollowUp, Clock, Application):
            first = writer.next_id(WorkOrder)
            open_from = cases - open_cases
            for start in range(0, cases, CHUNK):
                batch = gen.workorders(first, start, min(cases, start + CHUNK), cases, open_from)
                counts["workorders"] += writer.write(WorkOrder, WO_COLUMNS, batch.workorders)
                counts["followups"] += writer.write(FollowUp, FOLLOWUP_COLUMNS, batch.followups)
                counts["clocks"] += writer.write(Clock, CLOCK_COLUMNS, batch.clocks)
                self._progress(counts, started)
            first = writer.next_id(Application)
            for start in range(0, applications, CHUNK):
                apps, clocks = gen.applications(first, start, min(applications, start + CHUNK), applications)
                counts["applications"] += writer.write(Application, APP_COLUMNS, apps)
                counts["clocks"] += writer.write(Clock, CLOCK_COLUMNS, clocks)
                self._progress(counts, started)
            self.stderr.write("\n重建索引 …")
        writer.reset_sequences(WorkOrder, FollowUp, Clock, Application)
        writer.analyze(WorkOrder, FollowUp, Clock, Application)
        rows = sum(counts.values())
        seconds = time.monotonic() - started
        self.stderr.write(f"完成：{rows} 行，用时 {seconds:.1f} 秒（{rows / max(seconds, 1e-9):.0f} 行/秒）")
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()) + f" seconds={seconds:.1f}")

    def _progress(self, counts: dict, started: float) -> None:
        self.stderr.write(
            f"  {counts['workorders']} 工单，{counts['applications']} 办件，{sum(counts.values())} 行，{time.monotonic() - started:.0f} 秒", ending="\r"
        )
