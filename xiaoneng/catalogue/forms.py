"""The staff form for an item: the Art. 30 fields, with materials, fees and co-departments
edited as lines (the Excel sheets' columns separated by “|”)."""

from __future__ import annotations

from django import forms

from xiaoneng.org.models import Department

from . import excel
from .models import ItemKind
from .rules import ItemSpec

LINE_HELP = {
    "materials": "每行一项：" + " | ".join(c.header for c in excel.MATERIALS.columns[1:]) + "（例：M01 | 营业执照 | 1 | 复印件 | 是 | 市场监管部门核发 | ）",
    "fees": "每行一项：" + " | ".join(c.header for c in excel.FEES.columns[1:]) + "（不收费可留空；金额为0也可列出）",
    "co_departments": "并联审批时每行一个：" + " | ".join(c.header for c in excel.CO_DEPARTMENTS.columns[1:]),
}


DEFAULTED = {"renewal_lead_days", "preliminary_limit_days"}


class ItemForm(forms.Form):
    code = forms.CharField(label="事项编码", max_length=64)
    name = forms.CharField(label="事项名称", max_length=200)
    department = forms.ChoiceField(label="实施部门")
    kind = forms.ChoiceField(label="事项类型", choices=ItemKind.choices)
    legal_basis = forms.CharField(label="设定依据", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    conditions = forms.CharField(label="受理条件", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    procedure = forms.CharField(label="办理流程", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    quantity_limit = forms.CharField(label="数量限制", required=False)
    legal_limit_days = forms.IntegerField(label="法定时限（工作日）", min_value=0)
    committed_limit_days = forms.IntegerField(label="承诺时限（工作日）", min_value=0)
    on_the_spot = forms.BooleanField(label="即办件（当场办结）", required=False)
    deemed_approval = forms.BooleanField(label="超时默认（逾期视为准予）", required=False)
    joint = forms.BooleanField(label="并联审批", required=False)
    validity_months = forms.IntegerField(label="许可有效期（月）", min_value=1, required=False, help_text="长期有效请留空（行政许可法 第五十条）")
    renewal_lead_days = forms.IntegerField(
        label="延续申请提前日数（日历日）", min_value=0, initial=30, required=False, help_text="有效期届满前多少日提出延续申请，法律未另规定的为30日"
    )
    preliminary_department = forms.ChoiceField(label="初审部门（下级机关）", required=False, help_text="须下级机关初审后报送本部门决定的事项（第四十三条）")
    preliminary_limit_days = forms.IntegerField(label="初审时限（工作日）", min_value=1, initial=20, required=False, help_text="留空为20个工作日")
    sample_form = forms.CharField(label="申请书示范文本", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    contact = forms.CharField(label="咨询方式", required=False)
    materials = forms.CharField(label="申请材料", widget=forms.Textarea(attrs={"rows": 6}), required=False, help_text=LINE_HELP["materials"])
    fees = forms.CharField(label="收费项目", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=LINE_HELP["fees"])
    co_departments = forms.CharField(label="协办部门", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=LINE_HELP["co_departments"])
    change_note = forms.CharField(label="变更说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = [(d.code, d.name) for d in Department.objects.filter(is_active=True).order_by("path")]
        self.fields["department"].choices = departments
        self.fields["preliminary_department"].choices = [("", "（无需下级初审）"), *departments]

    @classmethod
    def initial_from(cls, spec: ItemSpec, change_note: str = "") -> dict:
        initial = {k: getattr(spec, k) for k in cls.base_fields if hasattr(spec, k) and k not in excel.PARTS}
        return initial | {attr: excel.format_lines(sheet, getattr(spec, attr)) for attr, sheet in excel.PARTS.items()} | {"change_note": change_note}

    def spec(self) -> tuple[ItemSpec | None, list[str]]:
        """The spec the form describes, or the problems with its lines."""
        data, errors, parts = self.cleaned_data, [], {}
        for attr, sheet in excel.PARTS.items():
            parts[attr], problems = excel.parse_lines(sheet, data.get(attr, ""))
            errors += problems
        if errors:
            return None, errors
        # a number left blank takes the law's default (30 days' renewal lead, 20 working days' preliminary review)
        fields = {k: v for k, v in data.items() if k not in excel.PARTS and k != "change_note" and not (v is None and k in DEFAULTED)}
        return ItemSpec(**fields, **parts), []
