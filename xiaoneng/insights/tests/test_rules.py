"""The pure rules: routing input, confidence, near-duplicates, heat and reply scores."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.insights import rules

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(
    "title,text,seg,expected",
    [
        ("路灯不亮", "路灯不亮 东风路一段路灯坏了", "", "路灯不亮\n东风路一段路灯坏了"),  # the text repeats the title
        ("路灯不亮", "东风路一段路灯坏了", "", "路灯不亮\n东风路一段路灯坏了"),
        ("", "路灯不亮 东风路一段 路灯坏了", "", "路灯不亮\n东风路一段 路灯坏了"),  # the title heads the text
        ("", "", "路灯 不亮     东风路 路灯 损坏", "路灯 不亮\n东风路 路灯 损坏"),  # raw text lost: the segmented text
        ("", "", "", ""),
    ],
)
def test_message_text(title, text, seg, expected):
    assert rules.message_text(title, text, seg) == expected


def test_low_confidence_means_no_suggestion():
    assert rules.confident([("market", 0.45), ("housing", 0.3)], 0.5) == []
    assert rules.confident([("market", 0.7), ("housing", 0.2), ("edu", 0.01)], 0.5) == [("market", 0.7), ("housing", 0.2)]
    assert rules.confident([], 0.5) == []


def test_similarity_finds_the_same_problem_reworded():
    a = "东风路88号小区门口餐馆油烟直排，熏得没法开窗"
    b = "东风路88号小区门口的餐馆油烟直排，熏得不能开窗"
    c = "东风路88号小区电梯坏了一周没人修"
    assert rules.similarity(a, b) >= rules.DUPLICATE_SIMILARITY
    assert rules.similarity(a, c) < rules.DUPLICATE_SIMILARITY
    assert rules.similarity(a, "") == 0


def _brute_most_similar(text, others, threshold):
    best = None
    for pk, other in others:
        score = rules.similarity(text, other)
        if score >= threshold:
            best, threshold = (pk, score), score
    return best


_PHRASES = ["东风路88号", "小区门口", "餐馆油烟直排", "熏得没法开窗", "电梯坏了", "一周没人修", "，", "路灯不亮", "噪音扰民", "Ａ栋", " "]
_texts = st.lists(st.sampled_from(_PHRASES), max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=_texts, others=st.lists(_texts, max_size=12), threshold=st.sampled_from([20.0, 40.0, 80.0, 95.0]))
def test_most_similar_is_the_pairwise_best(text, others, threshold):
    """The batched search finds what comparing the text with every other one by one finds,
    the same case and the same score (ties to the later one)."""
    numbered = list(enumerate(others))
    found = rules.most_similar(text, numbered, threshold)
    expected = _brute_most_similar(text, numbered, threshold)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found[0] == expected[0] and found[1] == pytest.approx(expected[1])


def test_most_similar_finds_the_reworded_report():
    a = "东风路88号小区门口餐馆油烟直排，熏得没法开窗"
    others = [(1, "东风路88号小区电梯坏了一周没人修"), (2, "东风路88号小区门口的餐馆油烟直排，熏得不能开窗"), (3, "")]
    pk, score = rules.most_similar(a, others, rules.DUPLICATE_SIMILARITY)
    assert pk == 2 and score == pytest.approx(rules.similarity(a, others[1][1]))
    assert rules.most_similar(a, others[:1], rules.DUPLICATE_SIMILARITY) is None
    assert rules.most_similar("", others, 1) is None


@pytest.mark.parametrize(
    "a_area,b_area,a_addr,b_addr,same",
    [
        (1, 1, "", "", True),
        (1, 2, "东风路88号", "东风路88号", False),  # another district
        (None, None, "东风路88号", "东风路88号院", True),
        (None, None, "东风路88号", "解放路12号", False),
        (None, 3, "", "", True),
    ],
)
def test_same_place(a_area, b_area, a_addr, b_addr, same):
    assert rules.same_place(a_area, b_area, a_addr, b_addr) is same


def test_heat_grows_with_size_growth_and_support():
    base = rules.heat(5, 2, 3, 0)
    assert rules.heat(10, 4, 6, 0) > base
    assert rules.heat(5, 4, 1, 0) > base  # growing
    assert rules.heat(5, 2, 3, 100) > base  # supported
    assert rules.heat(0, 0, 0, 0) == 0
    assert rules.growth(3, 0) == 4


def test_representative_title_is_the_centre():
    titles = ["东风路餐馆油烟扰民", "东风路餐馆油烟直排扰民", "餐馆油烟", "请管管东风路的餐馆油烟扰民问题"]
    assert rules.representative(titles) == "东风路餐馆油烟扰民"


QUESTION = "东风路餐馆油烟直排\n东风路88号一楼餐馆没有油烟净化设施，油烟直排居民楼"


def test_a_complete_relevant_timely_reply_scores_high():
    reply = "经现场核查，东风路88号一楼餐馆确未安装油烟净化设施，油烟直排情况属实。已责令其停业整改，限期安装净化设施。联系电话：0531-12345678。"
    s = rules.score_reply(question=QUESTION, reply=reply, received_at=T0, replied_at=T0 + dt.timedelta(days=3), due_at=T0 + dt.timedelta(days=15))
    assert s.relevance == 1 and s.completeness == 1 and s.timeliness == 1 and s.overall == 1 and not s.flagged and s.findings == []


def test_a_receipt_only_reply_is_flagged():
    s = rules.score_reply(
        question=QUESTION, reply="您好！留言已收悉。", received_at=T0, replied_at=T0 + dt.timedelta(days=40), due_at=T0 + dt.timedelta(days=15)
    )
    assert s.flagged and s.completeness == 0 and s.timeliness < 1
    assert s.findings == ["答复与诉求内容关联度低", "未说明调查核实情况", "未说明处理措施", "未提供联系人或联系电话", "超过办理期限答复"]


@pytest.mark.parametrize(
    "reply,missing",
    [
        ("经调查，该处确有油烟。", ["未说明处理措施", "未提供联系人或联系电话"]),
        ("已督促商户整改，咨询电话12345。", ["未说明调查核实情况"]),
        ("根据《大气污染防治法》规定，餐饮服务业应当安装油烟净化设施。", ["未说明调查核实情况", "未提供联系人或联系电话"]),
    ],
)
def test_completeness_cues(reply, missing):
    assert rules.completeness(reply)[1] == missing


@pytest.mark.parametrize("days,expected", [(10, 1.0), (15, 1.0), (22.5, 0.5), (30, 0.0), (60, 0.0)])
def test_timeliness_falls_after_the_deadline(days, expected):
    assert rules.timeliness(T0, T0 + dt.timedelta(days=days), T0 + dt.timedelta(days=15)) == pytest.approx(expected)
