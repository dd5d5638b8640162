"""Running one service call for a page: its Chinese error shown (on the form when there is
one), its result kept; what a page shows fetched with a refusal as the page's 404/403."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from xiaoneng.core.errors import Forbidden, InvalidInput, NotFound
from xiaoneng.web.pages import attempt, shown


def page_request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def fail(error):
    raise error


def refuse(*problems):
    raise InvalidInput("导入失败", details={"errors": list(problems)} if problems else {})


def test_a_refusal_is_shown_with_its_problems_and_gives_nothing():
    request = page_request()
    assert attempt(request, lambda: refuse("第 2 行：缺少名称", "第 5 行：编码重复"), "不会出现") is None
    assert said(request) == [("error", "导入失败"), ("error", "第 2 行：缺少名称"), ("error", "第 5 行：编码重复")]


def test_success_may_be_written_from_the_result():
    request = page_request()
    assert attempt(request, lambda: 41 + 1, lambda n: f"已登记第 {n} 号") == 42
    assert said(request) == [("success", "已登记第 42 号")]


def test_on_a_form_the_problems_go_to_the_form():
    request, form = page_request(), forms.Form(data={})
    form.is_valid()
    assert attempt(request, lambda: refuse("名称不能为空"), "不会出现", form=form) is None
    assert form.non_field_errors() == ["名称不能为空"] and said(request) == []
    form = forms.Form(data={})
    form.is_valid()
    attempt(request, lambda: refuse(), form=form)
    assert form.non_field_errors() == ["导入失败"]


def test_what_a_page_shows():
    assert shown(lambda: "办件") == "办件"
    with pytest.raises(Http404, match="办件不存在"):
        shown(lambda: fail(NotFound("办件不存在")))
    with pytest.raises(PermissionDenied, match="无权查看"):
        shown(lambda: fail(Forbidden("无权查看")))
