"""Reading JSON request bodies strictly: ``NaN``/``Infinity`` are not JSON, and a lone
surrogate (``"\\ud800"``) is not text any database can store.  Both are refused as bad input
(400) before a service sees them, instead of failing later inside the database."""

from __future__ import annotations

import json

from ninja.parser import Parser

from xiaoneng.core.codes import Error
from xiaoneng.core.errors import InvalidInput


def _no_constant(name: str):
    raise InvalidInput(f"请求体含有 JSON 不允许的数值 {name}", code=Error.INVALID_INPUT)


def _refuse_surrogates(value) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput("请求体含有无效的字符（孤立的代理码位）", code=Error.INVALID_INPUT) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_surrogates(key)
            _refuse_surrogates(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_surrogates(item)


def strict_loads(text: str | bytes):
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise InvalidInput("请求体不是合法的 JSON", code=Error.INVALID_INPUT) from None
    _refuse_surrogates(data)
    return data


class StrictParser(Parser):
    def parse_body(self, request):
        return strict_loads(request.body)

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_surrogates(result)
        return result
