"""Files: checked by content and size, stored under MEDIA_ROOT, served only to those allowed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.workorders import selectors, services
from xiaoneng.workorders.services import Upload

from .conftest import at, hotline

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "欠薪名单"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def case(city):
    wo = hotline(city, at(2026, 3, 2, 10))
    return services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept("market"))


@pytest.mark.parametrize(
    "name,content,mime",
    [
        ("现场.png", PNG, "image/png"),
        ("说明.pdf", PDF, "application/pdf"),
        ("名单.xlsx", None, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_allowed_types_are_recognised_by_content(city, case, name, content, mime):
    att = services.attachment_add(by=city.user("handler"), workorder=case, upload=Upload(name=name, content=content or xlsx()))
    assert att.content_type == mime and att.file.name.startswith("workorders/2026/03/")
    assert [e.note for e in selectors.timeline(case) if e.action == "workorder.attachment"] == [name]


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("照片.jpg", b"MZ\x90\x00\x03 a windows program", "unsupported_file_type"),
        ("说明.txt", "纯文本说明".encode(), "unsupported_file_type"),
        ("空.png", b"", "empty_file"),
    ],
)
def test_other_files_are_refused(city, case, name, content, code):
    with pytest.raises(InvalidInput) as exc:
        services.attachment_add(by=city.user("handler"), workorder=case, upload=Upload(name=name, content=content))
    assert exc.value.code == code and not case.attachments.exists()


def test_size_and_count_limits(city, case, settings):
    settings.XIAONENG = settings.XIAONENG | {"WORKORDER_ATTACHMENT_MAX_BYTES": 50, "WORKORDER_ATTACHMENTS_PER_CASE": 1}
    with pytest.raises(InvalidInput) as exc:
        services.attachment_add(by=city.user("handler"), workorder=case, upload=Upload(name="大图.png", content=PNG))
    assert exc.value.code == "file_too_large"
    services.attachment_add(by=city.user("handler"), workorder=case, upload=Upload(name="小.png", content=PNG[:40]))
    with pytest.raises(Conflict):
        services.attachment_add(by=city.user("handler"), workorder=case, upload=Upload(name="再一张.png", content=PNG[:40]))


def test_only_those_who_read_the_case_add_files(city, case):
    with pytest.raises(Forbidden):
        services.attachment_add(by=city.user("housing_handler"), workorder=case, upload=Upload(name="x.png", content=PNG))


def test_downloads_are_authorised_and_identity_documents_stay_with_the_office(city, case, api, client):
    dispatcher = api("dispatcher")
    photo = dispatcher.client.post(f"/api/v1/workorders/{case.pk}/attachments", {"file": SimpleUploadedFile("现场.png", PNG)}, headers=dispatcher.headers)
    card = dispatcher.client.post(
        f"/api/v1/workorders/{case.pk}/attachments?confidential=true", {"file": SimpleUploadedFile("身份证.png", PNG)}, headers=dispatcher.headers
    )
    assert photo.status_code == card.status_code == 201
    photo_id, card_id = photo.json()["id"], card.json()["id"]
    handler = api("handler")
    names = [a["name"] for a in handler.get(f"/api/v1/workorders/{case.pk}").json()["attachments"]]
    assert names == ["现场.png"]
    download = handler.get(f"/api/v1/workorders/{case.pk}/attachments/{photo_id}")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert handler.get(f"/api/v1/workorders/{case.pk}/attachments/{card_id}").status_code == 404
    assert api("housing_handler").get(f"/api/v1/workorders/{case.pk}/attachments/{photo_id}").status_code == 404
    assert dispatcher.get(f"/api/v1/workorders/{case.pk}/attachments/{card_id}").status_code == 200
    client.force_login(city.user("handler"))
    assert client.get(f"/staff/workorders/{case.pk}/files/{photo_id}/").status_code == 200
    assert client.get(f"/staff/workorders/{case.pk}/files/{card_id}/").status_code == 404


def test_an_integration_adds_files_to_its_own_cases_only(api, city, case):
    key = api("admin").post("/api/v1/apikeys", {"name": "移动应用", "channel": "app"}).json()["key"]
    app = api()
    app.headers["X-Api-Key"] = key
    own = app.post("/api/v1/workorders", {"channel": "app", "type": "help", "content": "井盖缺失", "requester": {"name": "甲", "phone": "13700000000"}}).json()[
        "id"
    ]
    ok = app.client.post(f"/api/v1/workorders/{own}/attachments", {"file": SimpleUploadedFile("井盖.png", PNG)}, headers=app.headers)
    other = app.client.post(f"/api/v1/workorders/{case.pk}/attachments", {"file": SimpleUploadedFile("井盖.png", PNG)}, headers=app.headers)
    assert ok.status_code == 201 and other.status_code == 404
