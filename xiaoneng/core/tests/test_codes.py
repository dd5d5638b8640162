"""The vocabularies hold: every error code and audit action in the tree is a member of an
enumeration (no string literal in its place), each value is defined once, and each member
has a Chinese label for people to read."""

import ast
from pathlib import Path

from xiaoneng.core import codes

ROOT = Path(__file__).resolve().parents[2]  # the xiaoneng package

# Calls whose ``code`` is a business identifier typed by people (a material, a fee, a
# department, a service item) or a supervision check's key, not an error code.
DATA_CODES = {"MaterialSpec", "FeeSpec", "ItemSpec", "ExtraCheck", "department_create", "fee_charge", "enterprise_fee_save"}
# Calls that write an audit record (directly, or by changing a status).
AUDITED = {"record", "transition", "apply_change", "_dispatch"}


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literals(node: ast.expr):
    """String literals (and f-strings) that ``node`` may evaluate to."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) or isinstance(node, ast.JoinedStr):
        yield node
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _literals(value)


def free_strings(source: str) -> list[tuple[int, str]]:
    """(line, what) for every literal given as ``code=`` to a call, or as ``action=`` to a
    call that writes an audit record."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        for keyword in node.keywords:
            checked = (keyword.arg == "code" and name not in DATA_CODES) or (keyword.arg == "action" and name in AUDITED)
            if checked:
                found += [(node.lineno, f"{name}({keyword.arg}={ast.unparse(literal)})") for literal in _literals(keyword.value)]
    return found


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
            yield path


def test_no_code_or_action_is_a_free_string():
    wrong = [f"{path.relative_to(ROOT.parent)}:{line}: {what}" for path in modules() for line, what in free_strings(path.read_text(encoding="utf-8"))]
    assert not wrong, "use a member of a codes.py enumeration:\n" + "\n".join(wrong)


def test_the_check_finds_what_it_should():
    source = """
raise InvalidInput("x", code="bad")
raise Conflict("x", code=f"{kind}_bad")
audit.record(actor=by, action="thing.do", subject=x)
transition(x, to=y, by=by, allowed=T, action="a.b" if ok else Action.C)
MaterialSpec(code="SFZ", name="身份证")
parser.add_argument("--dry-run", action="store_true")
raise InvalidInput("x", code=Error.BAD)
"""
    assert [line for line, _ in free_strings(source)] == [2, 3, 4, 5]


def _enumerations():
    return codes.enumerations(codes.ActionCodes) + codes.enumerations(codes.ErrorCodes)


def test_each_value_is_defined_once_in_the_whole_project():
    seen: dict[str, str] = {}
    twice = []
    for enum in _enumerations():
        for name, member in enum.__members__.items():
            where = f"{enum.__module__}.{enum.__qualname__}.{name}"
            if member.value in seen:
                twice.append(f"{member.value!r}: {seen[member.value]} and {where}")
            seen[member.value] = where
    assert not twice, "\n".join(twice)
    assert len(seen) > 250  # every domain's vocabulary was found


def test_every_member_has_a_chinese_label():
    unlabelled = [
        f"{enum.__module__}.{enum.__qualname__}.{name}"
        for enum in _enumerations()
        for name, member in enum.__members__.items()
        if not any("\u4e00" <= ch <= "\u9fff" for ch in str(member.label))
    ]
    assert not unlabelled, unlabelled


def test_every_domain_keeps_its_vocabulary_in_its_own_package():
    for enum in _enumerations():
        assert enum.__module__ == f"xiaoneng.{codes.package_of(enum)}.codes", enum


def test_labels_are_derived_from_the_vocabularies():
    assert codes.action_label("workorder.sign") == "签收"
    assert codes.action_label("application.accept") == "受理"
    assert codes.action_label("admin.change") == "后台修改"
    assert codes.action_label("old.release") == "old.release"
    assert codes.error_labels()["forbidden"] == "无权操作"


def test_the_api_publishes_the_vocabularies(api, db):
    listed = {row["code"]: row for row in api().get("/api/v1/error-codes").json()}
    assert listed["forbidden"] == {"code": "forbidden", "label": "无权操作", "domain": "core"}
    assert listed["workorder_not_found"]["domain"] == "workorders"
    refused = api().get("/api/v1/workdays/add?start=yesterday&days=1").json()
    assert refused["code"] in listed and listed[refused["code"]]["label"] == "日期格式有误"
    actions = {row["code"]: row["label"] for row in api().get("/api/v1/audit-actions").json()}
    assert actions["workorder.dispatch"] == "派单" and actions["application.extend"] == "延期"
