"""Every role against the application API: who sees, who acts, who sees the applicant
unmasked (org/access/applications.py)."""

import pytest

from xiaoneng.applications import selectors

from .conftest import ALL, D, fresh


@pytest.fixture
def joint_app(submit, today_is):
    with today_is(D(2026, 3, 2)):
        return fresh(submit(D(2026, 3, 2), item="JOINT"))


# role: (may see, sees the applicant unmasked, may answer the co-review, may decide, may extend)
ROLES = {
    "window": (True, True, False, False, False),
    "handler": (True, True, False, True, False),
    "head": (True, True, False, True, False),  # a joint item's extension is the mayor's (第四十二条第二款)
    "mayor": (True, False, False, False, True),
    "housing_handler": (True, False, True, False, False),
    "housing_head": (True, False, True, False, False),
    "district_head": (False, False, False, False, False),
    "street_handler": (False, False, False, False, False),
    "dispatcher": (True, False, False, False, False),
    "supervisor": (True, False, False, False, False),
    "leader": (True, False, False, False, False),
    "admin": (True, False, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_reading(api, joint_app, role):
    sees, unmasked, *_ = ROLES[role]
    r = api(role).get(f"/api/v1/applications/{joint_app.pk}")
    assert r.status_code == (200 if sees else 403)
    if sees:
        applicant = r.json()["applicant"]
        assert applicant["masked"] is not unmasked
        assert (applicant["id_number"] == "11010519491231002X") is unmasked
        assert (applicant["phone"] == "13912345678") is unmasked
        assert (r.json()["query_code"] is not None) is unmasked
        submitted = r.json()["events"][0]["after"]
        assert ("applicant_name" in submitted) is unmasked and submitted["number"] == joint_app.number
        assert joint_app.pk in [row["id"] for row in api(role).get("/api/v1/applications").json()]
    else:
        assert api(role).get("/api/v1/applications").json() == []


@pytest.mark.parametrize("role", ROLES)
def test_acting(api, joint_app, role, today_is):
    _, _, answers, decides, extends = ROLES[role]
    client = api(role)
    with today_is(D(2026, 3, 10)):
        r = client.post(f"/api/v1/applications/{joint_app.pk}/extensions", {"days": 15, "reason": "需专家评审"})
        assert r.status_code in ((201,) if extends else (403,))
        r = client.post(f"/api/v1/applications/{joint_app.pk}/joint-reviews/housing", {"result": "consent", "opinion": "同意"})
        assert r.status_code == (200 if answers else 403)
        r = client.post(f"/api/v1/applications/{joint_app.pk}/decision", {"result": "deny", "reason": "不符合规划"})
        assert r.status_code == (200 if decides else 403)


def test_the_applicant_who_applied_online(api, items, public_user, today_is, city):
    from django.test import Client

    client = Client()
    token = client.post("/api/v1/auth/token", {"username": "citizen", "password": "citizen"}, content_type="application/json").json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    payload = {
        "item": "FOOD",
        "applicant": {"name": "李小红", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13912345678"},
        "materials": ALL,
    }
    with today_is(D(2026, 3, 2)):
        r = client.post("/api/v1/applications", payload, content_type="application/json", headers=headers)
    assert r.status_code == 201 and r.json()["status"] == "received" and r.json()["applicant"]["masked"] is False
    mine = client.get("/api/v1/applications", headers=headers).json()
    assert [row["id"] for row in mine] == [r.json()["id"]]
    with today_is(D(2026, 3, 3)):
        other = api("window").post("/api/v1/applications", payload | {"received_on": "2026-03-03"}).json()["id"]
        assert client.get(f"/api/v1/applications/{other}", headers=headers).status_code == 403
        assert (
            client.post(f"/api/v1/applications/{r.json()['id']}/review", {"materials": ALL}, content_type="application/json", headers=headers).status_code
            == 403
        )
        withdrawn = client.post(f"/api/v1/applications/{r.json()['id']}/withdraw", {"reason": "填错事项"}, content_type="application/json", headers=headers)
    assert withdrawn.json()["status"] == "withdrawn"


def test_public_view_masks_everything(joint_app):
    view = selectors.applicant_view(joint_app, None)
    assert (view.name, view.id_number, view.phone, view.masked) == ("李**", "110105********002X", "139****5678", True)


def test_catalogue_management_is_for_administrators(api, city):
    item = {"code": "T1", "name": "测试事项", "department": "market", "legal_limit_days": 20, "committed_limit_days": 10, "materials": []}
    for role in ("window", "handler", "head", "supervisor", "leader"):
        assert api(role).post("/api/v1/catalogue/items", item).status_code == 403
    assert api().post("/api/v1/catalogue/items", item).status_code == 401
    assert api("admin").post("/api/v1/catalogue/items", item).status_code == 201
    assert api().get("/api/v1/catalogue/items/T1").status_code == 200
