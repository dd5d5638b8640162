import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core.commands import command_errors
from xiaoneng.core.context import Channel, via
from xiaoneng.insights import csvfiles, rules
from xiaoneng.insights.clustering import clusters
from xiaoneng.insights.services import hot_issues_recompute
from xiaoneng.web import params


def _issue(rank, c) -> dict:
    return {
        "rank": rank,
        "title": c.title,
        "place": c.place,
        "period": [c.first_at.isoformat(), c.last_at.isoformat()],
        "size": c.size,
        "growth": round(rules.growth(c.recent, c.earlier), 2),
        "support": c.support,
        "score": c.score,
        "members": c.members,
    }


class Command(BaseCommand):
    help = (
        "热点问题：--csv 留言文件（留言编号、留言主题、留言时间、留言详情、点赞数）时输出前 N 个热点及其留言编号；不给文件则重新计算本市工单的热点问题并保存。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", help="留言文件；不给则计算数据库中的工单")
        parser.add_argument("--top", type=int, default=5)
        parser.add_argument("--days", type=int, default=0, help="窗口天数（到文件中最后一条留言为止；0 = 整个文件）；数据库默认 14")
        parser.add_argument("--as-of", help="数据库计算的截止时刻（ISO 8601），默认现在")

    def handle(self, *args, **options):
        top = max(1, options["top"])
        with command_errors():
            if options["csv"]:
                messages = csvfiles.voted(options["csv"])
                if not messages:
                    raise CommandError("文件中没有可用的留言")
                end = max(m.at for m in messages)
                start = end - dt.timedelta(days=options["days"]) if options["days"] else min(m.at for m in messages)
                end = end + dt.timedelta(seconds=1)
                found = clusters(messages, start=start, end=end)
                top_issues = [_issue(i, c) for i, c in enumerate(found[:top], start=1)]
                out = {"messages": len(messages), "window": [start.isoformat(), end.isoformat()], "clusters": len(found), "top": top_issues}
            else:
                with via(Channel.CLI):
                    issues = hot_issues_recompute(by=None, as_of=params.moment(options["as_of"], "--as-of"), days=options["days"] or rules.HOT_WINDOW_DAYS)
                top_issues = [
                    {"rank": i.rank, "title": i.title, "place": i.place, "size": i.size, "score": i.score, "members": sorted(w.pk for w in i.workorders.all())}
                    for i in issues[:top]
                ]
                out = {"issues": len(issues), "top": top_issues}
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
