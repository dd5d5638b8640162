"""Import 12345 e-mail: .eml files, folders of them, or Maildir folders.  Safe to rerun —
a message already imported (same Message-ID) is skipped."""

import mailbox
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xiaoneng.core.context import Channel, via
from xiaoneng.core.errors import outcome
from xiaoneng.workorders.services import workorder_import_email


def _messages(path: Path):
    """(label, raw bytes) of every message under ``path``."""
    if path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir():
        box = mailbox.Maildir(path, factory=None, create=False)
        for key in box.iterkeys():
            yield f"{path.name}/{key}", box.get_bytes(key)
    elif path.is_dir():
        for file in sorted(path.glob("*.eml")):
            yield file.name, file.read_bytes()
    elif path.is_file():
        yield path.name, path.read_bytes()
    else:
        raise CommandError(f"找不到 {path}")


def _import(raw: bytes):
    with transaction.atomic():  # a refused message leaves nothing behind
        return workorder_import_email(by=None, raw=raw)


class Command(BaseCommand):
    help = "导入电子邮件诉求（.eml 文件、目录或 Maildir），按 Message-ID 去重。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help=".eml 文件、含 .eml 的目录或 Maildir 目录")

    def handle(self, *args, paths, **options):
        created = existing = failed = 0
        with via(Channel.EMAIL):
            for path in paths:
                for label, raw in _messages(Path(path)):
                    imported, refused = outcome(lambda raw=raw: _import(raw))
                    if refused is not None:
                        failed += 1
                        self.stderr.write(f"{label}：未导入，{refused.message}")
                        continue
                    wo, new = imported
                    if new:
                        created += 1
                        self.stdout.write(f"{label} → 受理编号 {wo.tracking_no}")
                    else:
                        existing += 1
        self.stdout.write(self.style.SUCCESS(f"新建 {created} 件，已导入过 {existing} 件，失败 {failed} 件。"))
