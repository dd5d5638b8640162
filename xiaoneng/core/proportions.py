"""Intervals for rates that rest on few cases: every domain that publishes a rate (rankings,
ratings, the public statistics) shows how far the true rate may lie from the one counted."""

from __future__ import annotations

import math

Z95 = 1.959964  # two-sided 95 %
Z998 = 3.090232  # two-sided 99.8 %


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | tuple[None, None]:
    """Wilson score interval of a proportion, as fractions; (None, None) without data."""
    if n <= 0:
        return None, None
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)
