"""Per-address limits for anonymous submissions and public look-ups: fixed-window counters
in the Django cache (``add`` then ``incr``, atomic in Redis, so every app server counts
against the same limit)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from xiaoneng.core import clock
from xiaoneng.core.clientip import client_address
from xiaoneng.core.errors import DomainError


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"


def check(request, scope: str) -> None:
    """Count one request of ``scope`` ("submit", "lookup") from this address; refuse with
    429 once any window's limit is exceeded."""
    address = client_address(request)
    now = int(clock.now().timestamp())
    for limit, seconds in settings.XIAONENG["WORKORDER_RATE_LIMITS"][scope]:
        key = f"xn:rl:{scope}:{seconds}:{now // seconds}:{address}"
        if cache.add(key, 1, timeout=seconds + 1):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=seconds + 1)
                count = 1
        if count > limit:
            minutes = max(1, seconds // 60)
            raise RateLimited(
                f"提交过于频繁：同一网络每 {minutes} 分钟最多 {limit} 次，请稍后再试，或拨打 12345 热线",
                details={"retry_after_seconds": seconds - now % seconds},
            )
