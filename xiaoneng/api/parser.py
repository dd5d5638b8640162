"""The API's JSON, both ways, through orjson (a few times faster than the standard library
at both, and the API is what the channel integrations call all day).

Reading is strict: ``NaN``/``Infinity`` are not JSON, and a lone surrogate (``"\\ud800"``)
is not text any database can store.  orjson refuses both itself; they are bad input (400)
before a service sees them, instead of failing later inside the database.  A body with an
integer that may not fit in 64 bits is read by the standard library, which keeps it exact.

Writing gives what Django's encoder gave: the same moments (milliseconds, ``Z`` for UTC),
decimals as strings, Chinese as itself rather than ``\\u`` escapes."""

from __future__ import annotations

import json
import re

import orjson
from ninja.parser import Parser
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from xiaoneng.core.codes import Error
from xiaoneng.core.errors import InvalidInput


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


_LONG_NUMBER = re.compile(rb"[0-9]{19}")  # may be an integer past 64 bits


def _no_constant(name: str):
    raise InvalidInput(f"请求体含有 JSON 不允许的数值 {name}", code=Error.INVALID_INPUT)


def strict_loads(text: str | bytes):
    raw = text.encode() if isinstance(text, str) else text
    if _LONG_NUMBER.search(raw):
        # orjson reads an integer past 64 bits as an approximate float; the standard library
        # keeps it exact, so that validation says "too large" about the number sent.
        try:
            data = json.loads(raw, parse_constant=_no_constant)
        except (ValueError, RecursionError):
            raise InvalidInput("请求体不是合法的 JSON", code=Error.INVALID_INPUT) from None
        _refuse_surrogates(data)
        return data
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "surrogate" in str(exc):
            raise InvalidInput("请求体含有无效的字符（孤立的代理码位）", code=Error.INVALID_INPUT) from None
        raise InvalidInput("请求体不是合法的 JSON", code=Error.INVALID_INPUT) from None


class StrictParser(Parser):
    def parse_body(self, request):
        return strict_loads(request.body)

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_surrogates(result)
        return result


_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_fallback = NinjaJSONEncoder().default  # moments, decimals, lazy translations: as Django writes them


class FastJSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request, data, *, response_status: int) -> bytes:
        return orjson.dumps(data, default=_fallback, option=_OPTIONS)
