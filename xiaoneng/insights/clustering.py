"""Hot-issue mining over a window of messages, without the database: TF-IDF over character
2–3-grams, pairs of messages whose cosine similarity reaches a threshold, connected
components of that graph as clusters, ranked by :func:`rules.heat`.  The similarity matrix
is sparse and only computed for one window, so a few thousand messages take a second."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import rules

# A place named in a text: a district or county code, then a named estate, road, village ...
PLACE = re.compile(
    r"(?:[A-Z]\d{0,2}(?:市|区|县))?[\u4e00-\u9fffA-Za-z0-9]{2,12}?(?:小区|社区|街道|村|镇|乡|路|街|大道|学校|中学|小学|幼儿园|医院|公园|广场|市场|花园|大厦|新城|家园|公寓|苑|湾|项目)"
)


@dataclass(frozen=True)
class Message:
    id: int | str
    title: str
    content: str
    at: dt.datetime
    place: str = ""
    support: int = 0


@dataclass(frozen=True)
class Cluster:
    title: str
    place: str
    first_at: dt.datetime
    last_at: dt.datetime
    size: int
    recent: int
    earlier: int
    support: int
    score: float
    members: list


def place_of(text: str) -> str:
    """The first place a text names (for files and cases without an address)."""
    m = PLACE.search(text or "")
    return m.group(0) if m else ""


def clusters(
    messages: list[Message], *, start: dt.datetime, end: dt.datetime, threshold: float = rules.HOT_SIMILARITY, min_size: int = rules.HOT_MIN_SIZE
) -> list[Cluster]:
    """The clusters of at least ``min_size`` messages received in ``[start, end)``, hottest
    first.  Growth compares the later half of the window with the earlier half."""
    # scikit-learn takes seconds to import: only the processes that mine clusters pay for it.
    import numpy as np
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    inside = [m for m in messages if start <= m.at < end]
    if len(inside) < min_size:
        return []
    texts = [rules.normalise(f"{m.title}{m.title}{m.content[:300]}") or "空" for m in inside]
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True, dtype=np.float32).fit_transform(texts)
    similar = vectors @ vectors.T
    similar.data[similar.data < threshold] = 0
    similar.eliminate_zeros()
    count, component = connected_components(similar, directed=False)
    middle = start + (end - start) / 2
    found = []
    for c in range(count):
        members = [inside[i] for i in np.flatnonzero(component == c)]
        if len(members) < min_size:
            continue
        recent = sum(1 for m in members if m.at >= middle)
        earlier = len(members) - recent
        support = sum(max(0, m.support) for m in members)
        members.sort(key=lambda m: m.at)
        found.append(
            Cluster(
                title=rules.representative([m.title for m in members]),
                place=rules.common_place([m.place or place_of(m.title) or place_of(m.content) for m in members]),
                first_at=members[0].at,
                last_at=members[-1].at,
                size=len(members),
                recent=recent,
                earlier=earlier,
                support=support,
                score=rules.heat(len(members), recent, earlier, support),
                members=[m.id for m in members],
            )
        )
    found.sort(key=lambda c: (-c.score, -c.size, c.first_at))
    return found
