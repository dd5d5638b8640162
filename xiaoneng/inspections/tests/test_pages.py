"""Plans, draws, findings and evidence on the pages."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from xiaoneng.core import clock
from xiaoneng.inspections.models import Evidence, Finding, InspectionPlan

from .conftest import at


def test_plan_draw_finding_evidence_fault_on_the_pages(client, city):
    assert client.login(username="supervisor", password="supervisor")
    with clock.frozen(at(2026, 9, 25, 9)):
        response = client.post(
            "/staff/inspections/plans/create/",
            {
                "title": "节前暗访",
                "starts_on": "2026-09-28",
                "ends_on": "2026-10-12",
                "target_count": "2",
                "kinds": ["bureau", "window"],
                "slots": "09:00 14:30",
            },
        )
        plan = InspectionPlan.objects.get()
        assert response["Location"] == f"/staff/inspections/plans/{plan.pk}/"
        client.post(f"/staff/inspections/plans/{plan.pk}/draw/", {"seed": "7"})
        page = client.get(f"/staff/inspections/plans/{plan.pk}/").content.decode()
        assert "按种子复核一致" in page and "<code>7</code>" in page
    target = InspectionPlan.objects.get().targets.get(sequence=1)
    with clock.frozen(at(2026, 10, 13, 9)):
        client.post(
            "/staff/inspections/findings/create/",
            {"plan": plan.pk, "target": "1", "category": "rude", "observed_at": "2026-10-12T09:05", "description": "对办事群众态度生硬"},
        )
        finding = Finding.objects.get()
        assert finding.department == target.department and finding.target == target
        out = io.BytesIO()
        Image.new("RGB", (4, 4)).save(out, format="JPEG")
        client.post(f"/staff/inspections/findings/{finding.pk}/evidence/", {"file": SimpleUploadedFile("现场.jpg", out.getvalue())})
        refused = client.post(f"/staff/inspections/findings/{finding.pk}/evidence/", {"file": SimpleUploadedFile("x.jpg", b"not really")}, follow=True)
        assert "不支持的文件类型" in refused.content.decode() and Evidence.objects.count() == 1
        client.post(f"/staff/inspections/findings/{finding.pk}/fault/")
    assert Finding.objects.get().fault is not None
    assert "对办事群众态度生硬" in client.get("/staff/inspections/findings/").content.decode()


def test_heads_see_findings_about_their_department_but_no_plans(client, city):
    assert client.login(username="head", password="head")
    assert client.get("/staff/inspections/").status_code == 302
    assert client.get("/staff/inspections/plans/1/").status_code == 403
    assert client.get("/staff/inspections/findings/").status_code == 200


def test_the_finding_form_picks_the_person_from_the_visited_departments(client, city):
    assert client.login(username="supervisor", password="supervisor")
    with clock.frozen(at(2026, 9, 25, 9)):
        client.post(
            "/staff/inspections/plans/create/",
            {"title": "节前暗访", "starts_on": "2026-09-28", "ends_on": "2026-10-12", "target_count": "2", "kinds": ["bureau", "window"], "slots": "09:00"},
        )
        plan = InspectionPlan.objects.get()
        client.post(f"/staff/inspections/plans/{plan.pk}/draw/", {"seed": "7"})
        page = client.get(f"/staff/inspections/plans/{plan.pk}/").content.decode()
    target = plan.targets.get(sequence=1)
    assert '<input type="text" name="person">' not in page and 'name="person" id="person-select"' in page
    assert f'<option value="{target.department.code}">' in page  # the first visited department drives the picker
    for staff in target.department.staff.filter(is_active=True):
        assert f'<option value="{staff.user.username}">{staff.name}（' in page
    with clock.frozen(at(2026, 10, 13, 9)):
        client.post(
            "/staff/inspections/findings/create/",
            {"plan": plan.pk, "target": "1", "category": "rude", "observed_at": "2026-10-12T09:05", "description": "态度生硬", "person": "handler"},
        )
    assert Finding.objects.get().person == city["staff"]["handler"]
