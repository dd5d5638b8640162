import datetime as dt
import itertools
import json
import statistics

from django.core.management.base import BaseCommand

from xiaoneng.core.commands import command_errors
from xiaoneng.insights import csvfiles, rules

BINS = [0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 1.01]


def _distribution(values: list[float]) -> dict:
    if not values:
        return {}
    counts = {f"{lo:.1f}–{min(hi, 1.0):.1f}": sum(1 for v in values if lo <= v < hi) for lo, hi in itertools.pairwise(BINS)}
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return {"mean": round(statistics.fmean(values), 3), "p25": round(q[0], 3), "median": round(q[1], 3), "p75": round(q[2], 3), "histogram": counts}


class Command(BaseCommand):
    help = "答复质量：--csv 含答复的留言文件（留言编号、留言主题、留言时间、留言详情、答复意见、答复时间），输出相关性、完整性、及时性和综合得分的分布以及得分最低的例子（JSON）。"

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True)
        parser.add_argument("--worst", type=int, default=5)
        parser.add_argument("--deadline-days", type=int, default=15, help="无期限数据按几天计算及时性（默认 15 天）")

    def handle(self, *args, **options):
        with command_errors():
            rows = csvfiles.replied(options["csv"])
        allowed = dt.timedelta(days=options["deadline_days"])
        scored = []
        for r in rows:
            s = rules.score_reply(question=r["question"], reply=r["reply"], received_at=r["asked"], replied_at=r["answered"], due_at=r["asked"] + allowed)
            scored.append((s, r))
        out = {
            "messages": len(scored),
            "flagged": sum(1 for s, _ in scored if s.flagged),
            "flag_below": rules.REPLY_FLAG_BELOW,
            **{name: _distribution([getattr(s, name) for s, _ in scored]) for name in ("overall", "relevance", "completeness", "timeliness")},
            "findings": {f: sum(1 for s, _ in scored if f in s.findings) for f in sorted({f for s, _ in scored for f in s.findings})},
            "worst": [
                {
                    "id": r["id"],
                    "title": r["title"],
                    "overall": s.overall,
                    "relevance": s.relevance,
                    "completeness": s.completeness,
                    "timeliness": s.timeliness,
                    "days_to_reply": round((r["answered"] - r["asked"]).total_seconds() / 86400, 1),
                    "findings": s.findings,
                    "reply": r["reply"][:120],
                }
                for s, r in sorted(scored, key=lambda sr: sr[0].overall)[: options["worst"]]
            ],
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
