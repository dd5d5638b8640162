"""Forms of the work-order pages.  They only parse what people typed; the services check
it against the rules."""

from __future__ import annotations

from django import forms

from xiaoneng.org.models import Department, DepartmentKind

from .models import LinkKind, Satisfaction, WorkOrderType
from .services import Location, Requester, Upload

TYPE_CHOICES = WorkOrderType.choices
MAX_UPLOADS = 3


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_UPLOADS:
            raise forms.ValidationError(f"最多上传 {MAX_UPLOADS} 个文件")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def area_choices():
    rows = Department.objects.filter(is_active=True, kind__in=[DepartmentKind.DISTRICT, DepartmentKind.STREET, DepartmentKind.TOWNSHIP]).order_by("path")
    return [("", "（不清楚可不选）")] + [(d.code, ("　" if d.kind != DepartmentKind.DISTRICT else "") + d.name) for d in rows]


def department_choices():
    """Departments a case can be sent to, grouped as people look for them."""
    groups = [
        ("市直部门", [DepartmentKind.BUREAU]),
        ("区县", [DepartmentKind.DISTRICT]),
        ("街道乡镇", [DepartmentKind.STREET, DepartmentKind.TOWNSHIP]),
        ("其他", [DepartmentKind.WINDOW, DepartmentKind.OFFICE, DepartmentKind.CITY]),
    ]
    rows = list(Department.objects.filter(is_active=True).order_by("path"))
    return [(label, [(d.code, d.name) for d in rows if d.kind in kinds]) for label, kinds in groups]


class IntakeForm(forms.Form):
    """What the public form and the operator's form share."""

    type = forms.ChoiceField(label="诉求类型", choices=TYPE_CHOICES)
    title = forms.CharField(label="标题", max_length=200, required=False)
    content = forms.CharField(label="诉求内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=4000)
    anonymous = forms.BooleanField(label="匿名反映", required=False)
    name = forms.CharField(label="姓名", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    organization = forms.CharField(label="企业名称", max_length=200, required=False)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    address = forms.CharField(label="问题地点", max_length=200, required=False)
    area = forms.ChoiceField(label="所在区域", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()

    def requester(self) -> Requester:
        d = self.cleaned_data
        return Requester(name=d["name"], phone=d["phone"], anonymous=d["anonymous"], email=d["email"], organization=d["organization"], uscc=d["uscc"])

    def location(self) -> Location:
        return Location(address=self.cleaned_data["address"], area=self.cleaned_data["area"])


class PublicIntakeForm(IntakeForm):
    files = MultipleFileField(label="图片或材料", required=False)
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))  # honeypot

    def uploads(self) -> tuple[Upload, ...]:
        return tuple(Upload(name=f.name, content=f.read()) for f in self.cleaned_data["files"])


class OperatorIntakeForm(IntakeForm):
    channel = forms.ChoiceField(
        label="渠道",
        choices=[
            ("hotline", "12345热线"),
            ("walk_in", "现场来访"),
            ("email", "电子邮件"),
            ("wechat", "微信"),
            ("weibo", "微博"),
            ("web", "网站"),
            ("app", "移动应用"),
        ],
    )
    urgent = forms.BooleanField(label="紧急（当日办结）", required=False)
    id_number = forms.CharField(label="身份证号", max_length=18, required=False)
    contact_address = forms.CharField(label="联系地址", max_length=200, required=False)
    direct_answer = forms.CharField(label="直接答复（能当场答复的咨询）", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)

    def requester(self) -> Requester:
        r = super().requester()
        r.id_number, r.address = self.cleaned_data["id_number"], self.cleaned_data["contact_address"]
        return r


class TrackForm(forms.Form):
    tracking_no = forms.CharField(label="受理编号", max_length=20)
    code = forms.CharField(label="查询码", max_length=8)


class FollowUpForm(forms.Form):
    reached = forms.TypedChoiceField(label="是否联系上", choices=[("1", "已联系上"), ("0", "未能联系上")], coerce=lambda v: v == "1")
    resolved = forms.TypedChoiceField(
        label="问题是否解决", choices=[("", "—"), ("1", "已解决"), ("0", "未解决")], coerce=lambda v: v == "1", empty_value=None, required=False
    )
    satisfaction = forms.ChoiceField(label="满意度", choices=[("", "—"), *Satisfaction.choices], required=False)
    department_at_fault = forms.TypedChoiceField(
        label="未解决/不满意的原因",
        choices=[("", "—"), ("1", "承办部门原因（须重办）"), ("0", "非部门原因（诉求不合理、政策限制等）")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    note = forms.CharField(label="回访记录", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LinkForm(forms.Form):
    other = forms.CharField(label="对方工单（受理编号或ID）", max_length=20)
    kind = forms.ChoiceField(label="关系", choices=LinkKind.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)
