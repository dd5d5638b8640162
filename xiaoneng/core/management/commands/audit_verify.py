import json

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core import audit


class Command(BaseCommand):
    help = "封存待封存的审计记录并校验整条哈希链；链被篡改时以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("--no-seal", action="store_true", help="只校验，不先封存新记录")

    def handle(self, *args, **options):
        sealed = 0 if options["no_seal"] else audit.seal_pending()
        result = audit.verify_chain() | {"sealed_now": sealed}
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if not result["ok"]:
            raise CommandError(f"审计链在第 {result['broken_at_seq']} 条处断裂，记录可能被篡改")
