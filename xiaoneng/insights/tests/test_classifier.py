"""The classifier on a small self-written corpus: it learns, ranks with probabilities that
sum to one, survives a round trip through bytes, and evaluates."""

import pytest

from xiaoneng.insights import classifier

from .conftest import labelled_corpus


@pytest.fixture(scope="module")
def model():
    return classifier.train(*labelled_corpus())


def test_it_tells_the_kinds_of_case_apart(model):
    assert model.labels == ["education", "housing", "market"]
    assert model.predict(["超市卖过期食品", "物业不修电梯", "学校乱收费"]) == ["market", "housing", "education"]


def test_ranked_probabilities(model):
    ranked = model.rank("小区物业乱涨物业费", limit=3)
    assert [label for label, _ in ranked][0] == "housing"
    assert sum(p for _, p in ranked) == pytest.approx(1.0, abs=1e-6)
    assert ranked[0][1] > ranked[1][1] >= ranked[2][1]


def test_round_trip_through_bytes(model):
    again = classifier.Classifier.loads(model.dumps())
    assert again.rank("培训机构不退学费", limit=1) == model.rank("培训机构不退学费", limit=1)


def test_too_little_to_learn_from_is_refused():
    with pytest.raises(ValueError):
        classifier.train(["超市卖过期食品", "物业不修电梯"], ["market", "housing"])


def test_evaluation_and_cross_validation_report_the_figures(model):
    texts, labels = labelled_corpus()
    result = classifier.evaluate(model, texts, labels)
    assert result["accuracy"] == 1.0 and result["macro_f1"] == 1.0
    assert set(result["per_class"]["market"]) == {"precision", "recall", "f1", "support"}
    cv = classifier.cross_validate(texts, labels, folds=4)
    assert cv["folds"] == 4 and len(cv["fold_macro_f1"]) == 4 and cv["samples"] == 24
    assert 0 <= cv["macro_f1"] <= 1 and cv["train_seconds"] >= 0 and cv["predict_ms_per_message"] > 0
