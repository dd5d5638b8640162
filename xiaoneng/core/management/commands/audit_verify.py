import json

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core import anchors, audit


class Command(BaseCommand):
    help = "封存待封存的审计记录，按密钥重算整条审计链并与库外锚点比对；链被篡改时以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("--no-seal", action="store_true", help="只校验，不先封存新记录")
        parser.add_argument("--anchor", action="store_true", help="校验通过后立即写一个库外锚点")

    def handle(self, *args, **options):
        sealed = 0 if options["no_seal"] else audit.seal_pending()
        result = audit.verify_chain() | {"sealed_now": sealed}
        if result["ok"] and options["anchor"]:
            result["anchored"] = anchors.write(force=True) is not None
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if not result["ok"]:
            where = f"第 {result['broken_at_seq']} 条处" if result.get("broken_at_seq") else ""
            raise CommandError(f"审计链{where}校验失败：{result['reason']}，记录可能被篡改")
