"""E-mail intake: .eml files, folders, Maildir and the IMAP job; once per Message-ID."""

import mailbox
from email.message import EmailMessage

import pytest
from django.core.management import call_command

from xiaoneng.core import clock
from xiaoneng.workorders import services, tasks
from xiaoneng.workorders.models import WorkOrder
from xiaoneng.workorders.services.mail import parse_message, type_from_subject

from .conftest import at

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def message(subject="投诉：小区停水未通知", body="今天早上突然停水，物业没有提前通知。", *, message_id="<m1@example.com>", html=False, attach=()):
    msg = EmailMessage()
    msg["From"] = "张伟 <zhangwei@example.com>"
    msg["To"] = "12345@jinan.gov.cn"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Mar 2026 09:30:00 +0800"
    if message_id:
        msg["Message-ID"] = message_id
    if html:
        msg.set_content(f"<p>{body}</p>", subtype="html")
    else:
        msg.set_content(body)
    for name, content, maintype, subtype in attach:
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


@pytest.mark.parametrize(
    "subject,type",
    [
        ("投诉：停水", "complaint"),
        ("实名举报某企业排污", "report"),
        ("关于企业开办的咨询", "enterprise"),
        ("建议增设公交", "suggestion"),
        ("你好", "consultation"),
    ],
)
def test_the_subject_decides_the_type(subject, type):
    assert type_from_subject(subject) == type


def test_a_message_becomes_a_case_once(city):
    raw = message(attach=[("停水通知.png", PNG, "image", "png"), ("病毒.exe", b"MZ\x90\x00program", "application", "octet-stream")])
    with clock.frozen(at(2026, 3, 2, 10)):
        wo, created = services.workorder_import_email(by=None, raw=raw)
        again, created_again = services.workorder_import_email(by=None, raw=raw)
    assert created and not created_again and again.pk == wo.pk
    assert wo.channel == "email" and wo.type == "complaint" and wo.title == "投诉：小区停水未通知"
    assert wo.requester_name == "张伟" and wo.requester_email == "zhangwei@example.com"
    assert wo.received_at == at(2026, 3, 2, 9, 30)  # the Date header, plausible
    assert [a.original_name for a in wo.attachments.all()] == ["停水通知.png"]
    assert "未导入的附件：病毒.exe" in wo.content


def test_an_html_only_message_and_a_missing_message_id(city):
    raw = message(body="路灯<b>不亮</b>", html=True, message_id=None)
    wo, _ = services.workorder_import_email(by=None, raw=raw)
    assert wo.content == "路灯不亮" and wo.email_message_id.startswith("<sha256-")
    assert services.workorder_import_email(by=None, raw=raw)[1] is False


def test_a_far_off_date_header_is_not_trusted(city):
    with clock.frozen(at(2026, 3, 2, 10)):
        wo, _ = services.workorder_import_email(by=None, raw=message().replace(b"Mon, 02 Mar 2026", b"Mon, 02 Mar 2020"))
    assert wo.received_at == at(2026, 3, 2, 10)


def test_the_command_imports_files_folders_and_maildir(city, tmp_path, capsys):
    (tmp_path / "one.eml").write_bytes(message(message_id="<a@x>"))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "two.eml").write_bytes(message(message_id="<b@x>"))
    (folder / "broken.eml").write_bytes(b"From: \nSubject: x\n\nno sender")
    box = mailbox.Maildir(tmp_path / "maildir", create=True)
    box.add(message(message_id="<c@x>"))
    box.add(message(message_id="<a@x>"))  # already in one.eml
    call_command("workorders_import_mail", str(tmp_path / "one.eml"), str(folder), str(tmp_path / "maildir"))
    out = capsys.readouterr()
    assert "新建 3 件，已导入过 1 件，失败 1 件" in out.out and "邮件没有发件人地址" in out.err
    assert WorkOrder.objects.count() == 3
    call_command("workorders_import_mail", str(folder))
    assert WorkOrder.objects.count() == 3


class FakeImap:
    """An IMAP server with two unread messages, one of them imported before."""

    store_calls: list = []

    def __init__(self, host, port):
        self.messages = {b"1": message(message_id="<imap-1@x>"), b"2": message(message_id="<imap-2@x>")}

    def login(self, user, password):
        assert (user, password) == ("12345@jinan.gov.cn", "secret")

    def select(self, folder):
        assert folder == "INBOX"

    def search(self, charset, criterion):
        return "OK", [b"1 2"]

    def fetch(self, num, what):
        return "OK", [(b"1 (RFC822 {100}", self.messages[num]), b")"]

    def store(self, num, op, flags):
        FakeImap.store_calls.append((num, flags))

    def logout(self):
        pass


def test_the_imap_job_is_off_without_a_mailbox(city):
    assert tasks.fetch_mail() == {"created": 0, "existing": 0, "failed": 0}


def test_the_imap_job_imports_unread_mail_and_marks_it_read(city, settings):
    settings.XIAONENG = settings.XIAONENG | {
        "WORKORDER_IMAP": {"host": "imap.example", "port": 993, "user": "12345@jinan.gov.cn", "password": "secret", "folder": "INBOX"}
    }
    services.workorder_import_email(by=None, raw=message(message_id="<imap-1@x>"))
    FakeImap.store_calls = []
    counts = services.fetch_mailbox(imap_class=FakeImap)
    assert counts == {"created": 1, "existing": 1, "failed": 0}
    assert FakeImap.store_calls == [(b"1", "\\Seen"), (b"2", "\\Seen")]
    assert WorkOrder.objects.filter(channel="email").count() == 2


def test_parse_keeps_sender_and_subject():
    mail = parse_message(message())
    assert (mail.sender_name, mail.sender_address, mail.subject, mail.message_id) == (
        "张伟",
        "zhangwei@example.com",
        "投诉：小区停水未通知",
        "<m1@example.com>",
    )


def test_two_workers_importing_the_same_message_make_one_case(city, monkeypatch):
    from xiaoneng.workorders.services import intake

    first, _ = services.workorder_import_email(by=None, raw=message(message_id="<race@x>"))
    real = intake._existing
    calls = []

    def late(*args):  # the other worker's row was not there yet when this one looked
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(intake, "_existing", late)
    again = intake.workorder_create(
        by=None,
        channel="email",
        type="complaint",
        content="同一封邮件",
        requester=services.Requester(name="张伟", email="zhangwei@example.com"),
        email_message_id="<race@x>",
    )
    assert again.pk == first.pk and WorkOrder.objects.count() == 1 and len(calls) == 2
