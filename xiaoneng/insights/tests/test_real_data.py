"""The routing model on real citizen messages (``../shared/data/zhengwu``), when the data is
there: one stratified 80/20 split of ``messages_labelled.csv`` (5-fold cross-validation is
``manage.py routing_eval --csv … --cv 5``; see docs/insights.md for its figures).  The file
is read, never copied into the repository."""

from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from sklearn.model_selection import train_test_split

from xiaoneng.insights import classifier, csvfiles

DATA = Path(settings.BASE_DIR).parent / "shared" / "data" / "zhengwu" / "messages_labelled.csv"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not DATA.exists(), reason=f"真实留言数据不在 {DATA}（../shared/data/zhengwu/），跳过真实数据评估")]


def test_macro_f1_on_held_out_real_messages():
    texts, labels = csvfiles.labelled(DATA)
    assert len(texts) > 8000
    train_x, test_x, train_y, test_y = train_test_split(texts, labels, test_size=0.2, stratify=labels, random_state=0)
    model = classifier.train(train_x, train_y)
    result = classifier.evaluate(model, test_x, test_y)
    assert result["macro_f1"] >= 0.92, result
    p = model.probabilities(test_x[:200])
    assert np.allclose(p.sum(axis=1), 1.0)
