"""Pure rules of the analysis: what text a message gives the routing model, when two cases
are the same problem, how hot a cluster is, and how good a reply is.  No database."""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

# --- routing ----------------------------------------------------------------------------

ROUTING_MIN_CONFIDENCE = 0.5  # below this the model makes no suggestion (XIAONENG["ROUTING_MIN_CONFIDENCE"])


def message_text(title: str = "", text: str = "", seg_text: str = "") -> str:
    """The routing input of a labelled message, as ``title\ncontent`` like a case.  Files of
    the message board keep the title at the head of ``text``, followed by a space; a row
    whose raw text was lost has only ``seg_text`` (words separated by spaces, the title
    ended by a longer run of spaces), used then as the last resort."""
    title, text = (title or "").strip(), (text or "").strip()
    if text.startswith(title):
        text = text[len(title) :].strip()
    if not title and text:
        title, text = _split(text, _FIRST_SPACE)
    if title or text:
        return f"{title}\n{text}".strip()
    seg_text = (seg_text or "").strip()
    if not seg_text:
        return ""
    head, body = _split(seg_text, _SPACE_RUN)
    return f"{head}\n{body}".strip()


_FIRST_SPACE = re.compile(r"\s")
_SPACE_RUN = re.compile(r"\s{2,}")


def _split(text: str, separator: re.Pattern) -> tuple[str, str]:
    parts = separator.split(text, maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


def confident(ranked: list[tuple[str, float]], threshold: float) -> list[tuple[str, float]]:
    """Suggestions worth showing: none at all when even the best is below the threshold
    ("no suggestion", not a guess), otherwise those at or above a tenth of it."""
    if not ranked or ranked[0][1] < threshold:
        return []
    return [(label, p) for label, p in ranked if p >= threshold / 10]


# --- near-duplicates --------------------------------------------------------------------

DUPLICATE_SIMILARITY = 80.0  # rapidfuzz token-set ratio, 0–100, on the normalised text
DUPLICATE_WINDOW_DAYS = 30
_NOT_CONTENT = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, no spaces or punctuation: what two reports of one problem share."""
    return _NOT_CONTENT.sub("", (text or "").lower())


def _bigrams_of(t: str) -> str:
    return " ".join(map(operator.add, t, t[1:])) if len(t) > 1 else t


def bigrams(text: str) -> str:
    """Character bigrams separated by spaces, so token-based fuzzy matching works on Chinese."""
    return _bigrams_of(normalise(text))


_BIGRAM_WEIGHT, _RATIO_WEIGHT = 0.6, 0.4


def similarity(a: str, b: str) -> float:
    """0–100: how much of the shorter text's bigrams the longer one contains, tempered by
    the plain ratio so that a short text is not a duplicate of every long one."""
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    return _BIGRAM_WEIGHT * fuzz.token_set_ratio(_bigrams_of(a), _bigrams_of(b)) + _RATIO_WEIGHT * fuzz.ratio(a, b)


def most_similar(text: str, others: list[tuple[int, str]], threshold: float) -> tuple[int, float] | None:
    """The ``(id, score)`` of the text in ``others`` most similar to ``text`` (:func:`similarity`),
    if any reaches ``threshold``; on a tie the later one in ``others``.  The plain ratio of
    every pair is taken at once (in rapidfuzz's own loop), and the bigram score only where
    the ratio leaves the threshold within reach, since the bigram part adds at most 60."""
    query = normalise(text)
    if not query:
        return None
    normalised = [normalise(t) for _, t in others]
    reach = max(0.0, (threshold - _BIGRAM_WEIGHT * 100) / _RATIO_WEIGHT - 1e-6)
    within = process.extract(query, normalised, scorer=fuzz.ratio, score_cutoff=reach, limit=None)
    query_bigrams, best = _bigrams_of(query), None
    for _, ratio, i in sorted(within, key=lambda hit: hit[2]):
        if not normalised[i]:
            continue
        score = _BIGRAM_WEIGHT * fuzz.token_set_ratio(query_bigrams, _bigrams_of(normalised[i])) + _RATIO_WEIGHT * ratio
        if score >= threshold:
            best, threshold = (others[i][0], score), score
    return best


def same_place(a_area: int | None, b_area: int | None, a_address: str, b_address: str) -> bool:
    """Same area (district or street) when both have one, otherwise similar addresses; two
    cases without any place are judged by their text alone."""
    if a_area and b_area and a_area != b_area:
        return False
    a, b = normalise(a_address), normalise(b_address)
    if a and b:
        return fuzz.partial_ratio(a, b) >= 80
    return True


# --- hot issues -------------------------------------------------------------------------

HOT_WINDOW_DAYS = 14
HOT_SIMILARITY = 0.25  # cosine of TF-IDF character n-grams that joins two cases (tuned on the message-board file)
HOT_MIN_SIZE = 3


def growth(recent: int, earlier: int) -> float:
    """Cases in the later half of the window per case in the earlier half (+1 smoothing)."""
    return (recent + 1) / (earlier + 1)


def heat(size: int, recent: int, earlier: int, support: int) -> float:
    """How hot a cluster is: mostly its size, raised by growth and by public support (likes),
    both on a log scale so that one viral message does not outrank a wide problem."""
    return round(size * (1 + math.log2(growth(recent, earlier))) * (1 + math.log10(1 + support)) if size else 0.0, 3)


def representative(titles: list[str]) -> str:
    """The title that shares the most characters with the others (the cluster's centre)."""
    if not titles:
        return ""
    counts = Counter(c for t in titles for c in set(normalise(t)))
    return max(titles, key=lambda t: (sum(counts[c] for c in set(normalise(t))) / (1 + len(normalise(t)) ** 0.5), -len(t)))


def common_place(places: list[str]) -> str:
    named = [p for p in places if p]
    return Counter(named).most_common(1)[0][0] if named else ""


# --- reply quality ----------------------------------------------------------------------

REPLY_FLAG_BELOW = 0.4
WEIGHTS = {"relevance": 0.4, "completeness": 0.4, "timeliness": 0.2}

FOUND = re.compile(r"经查|经核|经调查|经了解|调查|核实|核查|查明|了解到|实地|现场|摸底|情况如下|情况属实|情况是|原因是|发现")
# What was done or will be done, or the rule that answers a question (a consultation is
# answered by the policy it asks about).
DONE = re.compile(
    r"已[\u4e00-\u9fff]{0,10}(处理|整改|解决|修复|清理|安排|协调|督促|责令|立案|处罚|办理|完成|落实|拆除|恢复|退还|发放|纳入|制定|组织|开设|开通|启动|下达|约谈|移交|转交|通知|要求)"
    r"|将(于|在|尽快|进一步|继续|加快|督促|协调|安排|组织|启动|纳入)|责令|整改|限期|立案|处罚|下一步|督促|协调|"
    r"根据[\u4e00-\u9fff《》〔〕\d]{0,30}(规定|政策|办法|条例|通知|意见)|按照[\u4e00-\u9fff《》〔〕\d]{0,30}(规定|政策|办法|条例|要求)|符合[\u4e00-\u9fff]{0,10}规定|依法"
)
CONTACT = re.compile(r"联系电话|咨询电话|服务电话|联系人|联系方式|热线|来电|电话[:：]?\s*\d|\d{3,4}-\d{7,8}|1[3-9]\d{9}|\d{7,8}")


@dataclass(frozen=True)
class ReplyScore:
    relevance: float
    completeness: float
    timeliness: float
    overall: float
    flagged: bool
    findings: list[str] = field(default_factory=list)


def _bigram_set(text: str) -> set[str]:
    t = normalise(text)
    return {t[i : i + 2] for i in range(len(t) - 1)} or ({t} if t else set())


def relevance(question: str, reply: str) -> float:
    """0–1: how much of the question the reply takes up — the larger of the share of the
    title's character bigrams it repeats and the share of the whole question's (which a
    good reply covers about half of, so 50 % counts as full)."""
    title, q, r = _bigram_set((question or "").strip().split("\n", 1)[0]), _bigram_set(question), _bigram_set(reply)
    if not q or not r:
        return 0.0
    return round(min(1.0, max(len(title & r) / len(title), len(q & r) / len(q) / 0.5)), 3)


def completeness(reply: str) -> tuple[float, list[str]]:
    """0–1: says what was found, what was (or will be) done, and whom to contact."""
    missing = []
    if not FOUND.search(reply or ""):
        missing.append("未说明调查核实情况")
    if not DONE.search(reply or ""):
        missing.append("未说明处理措施")
    if not CONTACT.search(reply or ""):
        missing.append("未提供联系人或联系电话")
    return round(1 - len(missing) / 3, 3), missing


def timeliness(received_at: dt.datetime, replied_at: dt.datetime, due_at: dt.datetime | None) -> float:
    """1 on time; after the deadline it falls linearly to 0 when as long again as the time
    allowed has passed.  Without a deadline (historical data) the first fortnight counts as
    on time."""
    allowed = (due_at - received_at) if due_at else dt.timedelta(days=15)
    deadline = due_at or received_at + allowed
    if replied_at <= deadline:
        return 1.0
    late = (replied_at - deadline) / max(allowed, dt.timedelta(hours=1))
    return round(max(0.0, 1 - late), 3)


def score_reply(
    *, question: str, reply: str, received_at: dt.datetime, replied_at: dt.datetime, due_at: dt.datetime | None, flag_below: float = REPLY_FLAG_BELOW
) -> ReplyScore:
    rel = relevance(question, reply)
    comp, findings = completeness(reply)
    tim = timeliness(received_at, replied_at, due_at)
    if rel < 0.3:
        findings = ["答复与诉求内容关联度低", *findings]
    if tim < 1:
        findings = [*findings, "超过办理期限答复"]
    overall = round(WEIGHTS["relevance"] * rel + WEIGHTS["completeness"] * comp + WEIGHTS["timeliness"] * tim, 3)
    return ReplyScore(relevance=rel, completeness=comp, timeliness=tim, overall=overall, flagged=overall < flag_below, findings=findings)
