"""The REST API: ``/api/v1/...``, schema at ``/api/openapi.json``, docs at ``/api/docs``.

Each domain package defines a ``router`` in its ``api.py`` (routes carry their own prefix,
e.g. ``/workdays/add``); every one is mounted under ``/v1/``."""

from ninja import NinjaAPI

from xiaoneng.domains import domain_modules

from . import accounts, errors, vocabulary
from .auth import ANY_AUTH
from .parser import FastJSONRenderer, StrictParser

api = NinjaAPI(
    title="效能（xiaoneng）开放接口",
    version="1",
    description=(
        "政务服务效能平台接口。认证：`POST /api/v1/auth/token` 取得令牌后使用 `Authorization: Bearer <令牌>`；"
        "渠道对接使用 `X-Api-Key`。所有创建类接口支持 `Idempotency-Key` 请求头，重试不会产生重复记录。"
        '错误统一返回 `{"code", "message", "details"}`，`code` 的全部取值及中文含义见 `GET /api/v1/error-codes`；'
        "流转记录中 `action` 的取值见 `GET /api/v1/audit-actions`。"
    ),
    urls_namespace="api",
    auth=ANY_AUTH,
    renderer=FastJSONRenderer(),
    parser=StrictParser(),
)
errors.install(api)
api.add_router("/v1/", accounts.router)
api.add_router("/v1/", vocabulary.router)

for _app, module in domain_modules("api"):
    router = getattr(module, "router", None)
    if router is not None:
        api.add_router("/v1/", router)
