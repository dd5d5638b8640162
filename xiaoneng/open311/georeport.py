"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): our case types as services, our
cases as service requests, and the two formats the spec asks for.

XML is the required format: schemaless, no namespace, UTF-8 with the declaration.  JSON is the
spec's "Spark convention" mapping of the same tree: the root's children become a list of
objects.  Nothing here ever carries the requester's identity: descriptions go through the same
redaction as for departments, and reports (举报) keep their content private altogether."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.http import HttpResponse

from xiaoneng.core import clock
from xiaoneng.workorders.models import Status, WorkOrder, WorkOrderType
from xiaoneng.workorders.selectors import place_of, text_for

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When the service list or this mapping last changed (the discovery changeset).
CHANGESET = "2026-11-20T00:00:00+08:00"
MAX_RESULTS = 1000
MAX_SPAN_DAYS = 90


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    description: str
    keywords: str
    group: str


SERVICES = [
    Service(WorkOrderType.CONSULTATION, "咨询", "政策法规、办事流程、办理条件等咨询。", "咨询,政策,办事指南,怎么办", "咨询求助"),
    Service(WorkOrderType.HELP, "求助", "生活中遇到困难需要政府部门帮助解决的事项。", "求助,帮忙,困难,维修", "咨询求助"),
    Service(WorkOrderType.SUGGESTION, "建议", "对城市管理、公共服务和政府工作的意见建议。", "建议,意见,改进", "建议"),
    Service(WorkOrderType.COMPLAINT, "投诉", "对单位、企业或工作人员的违法违规、不作为、服务问题的投诉。", "投诉,扰民,不作为,乱收费", "投诉举报"),
    Service(WorkOrderType.REPORT, "举报", "违法违规行为的举报；举报内容不公开。", "举报,违法,污染,安全隐患", "投诉举报"),
    Service(WorkOrderType.ENTERPRISE, "企业诉求", "企业在生产经营、审批办事、政策兑现中遇到的问题（企业服务）。", "企业,营商环境,审批,政策兑现", "企业服务"),
]
SERVICE_BY_CODE = {s.code: s for s in SERVICES}

# Service attributes (GET service definition, POST attribute[code]).
ANONYMOUS = {
    "variable": True,
    "code": "anonymous",
    "datatype": "singlevaluelist",
    "required": False,
    "datatype_description": "不留姓名时选“是”",
    "order": 1,
    "description": "是否匿名反映",
    "values": [{"key": "true", "name": "是"}, {"key": "false", "name": "否"}],
}
ORGANIZATION = {
    "variable": True,
    "code": "organization",
    "datatype": "string",
    "required": True,
    "datatype_description": "",
    "order": 2,
    "description": "企业名称",
    "values": [],
}
USCC = {
    "variable": True,
    "code": "uscc",
    "datatype": "string",
    "required": False,
    "datatype_description": "18位统一社会信用代码",
    "order": 3,
    "description": "统一社会信用代码",
    "values": [],
}


def attributes_of(code: str) -> list[dict]:
    return [ANONYMOUS, ORGANIZATION, USCC] if code == WorkOrderType.ENTERPRISE else [ANONYMOUS]


def service_list() -> list[dict]:
    return [
        {
            "service_code": s.code,
            "service_name": s.name,
            "description": s.description,
            "metadata": True,
            "type": "realtime",
            "keywords": s.keywords,
            "group": s.group,
        }
        for s in SERVICES
    ]


def service_definition(code: str) -> dict:
    return {"service_code": code, "attributes": attributes_of(code)}


def _w3(moment) -> str | None:
    """W3C date-time with the zone, to the second: 2026-03-02T10:05:00+08:00."""
    return clock.local(moment).replace(microsecond=0).isoformat() if moment else None


def open_or_closed(status: str) -> str:
    """Closed only when the office has closed the case with a result; an answered case is
    still open until the requester has been called back."""
    return "closed" if status == Status.CLOSED else "open"


def service_notice(wo: WorkOrder) -> str:
    days = "当日" if wo.handle_days == 0 else f"{wo.handle_days}个工作日内"
    return f"{wo.get_type_display()}类诉求{days}答复，受理编号 {wo.tracking_no}"


def request_of(wo: WorkOrder) -> dict:
    """One case as a GeoReport service request, without the requester's identity."""
    private = wo.type == WorkOrderType.REPORT
    return {
        "service_request_id": str(wo.pk),
        "status": open_or_closed(wo.status),
        "status_notes": wo.get_status_display(),
        "service_name": SERVICE_BY_CODE[wo.type].name,
        "service_code": wo.type,
        "description": "举报内容依规不予公开" if private else text_for(None, wo, wo.content, reveal=False),
        "agency_responsible": wo.department.name if wo.department_id else None,
        "service_notice": service_notice(wo),
        "requested_datetime": _w3(wo.received_at),
        "updated_datetime": _w3(wo.closed_at or wo.updated_at),
        "expected_datetime": _w3(wo.due_at),
        "address": "" if private else place_of(wo),
        "address_id": None,
        "zipcode": None,
        "lat": None if private or wo.lat is None else float(wo.lat),
        "long": None if private or wo.lng is None else float(wo.lng),
        "media_url": None,
    }


# --- formats ------------------------------------------------------------------------

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(tag: str, value) -> ET.Element:
    node = ET.Element(tag)
    if isinstance(value, dict):
        for key, child in value.items():
            node.append(_element(key, child))
    elif isinstance(value, list):
        singular = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}.get(tag, "item")
        for child in value:
            node.append(_element(singular, child))
    else:
        node.text = _text(value)
    return node


def to_xml(root: str, item: str | None, payload) -> bytes:
    """``payload`` as GeoReport XML: a list becomes ``<root><item>…</item>…</root>``, an
    object ``<root>…</root>``."""
    if isinstance(payload, list):
        node = ET.Element(root)
        for entry in payload:
            node.append(_element(item, entry))
    else:
        node = _element(root, payload)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(node, encoding="unicode").encode()


def respond(fmt: str, payload, *, root: str, item: str | None = None, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(to_xml(root, item, payload), content_type=XML_TYPE, status=status)
    return HttpResponse(json.dumps(payload, ensure_ascii=False), content_type=JSON_TYPE, status=status)


def errors(fmt: str, status: int, *descriptions: str, code: int | None = None) -> HttpResponse:
    """The spec's error answer: a list of {code, description} with the HTTP status."""
    payload = [{"code": code or status, "description": d} for d in descriptions]
    return respond(fmt, payload, root="errors", item="error", status=status)
