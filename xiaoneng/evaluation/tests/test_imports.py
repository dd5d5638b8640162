"""The statistics of evaluation load SciPy only when an interval is computed: serving a page
or an API call that does not rank must not import it (see insights' test of the same rule)."""

import subprocess
import sys

import pytest
from django.conf import settings

PROBE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "xiaoneng.settings.test"
import django
django.setup()
import xiaoneng.urls
import xiaoneng.evaluation.demo, xiaoneng.evaluation.exports, xiaoneng.evaluation.scoring, xiaoneng.evaluation.stats, xiaoneng.web.charts
print(",".join(sorted(m for m in ("sklearn", "scipy", "joblib", "matplotlib") if m in sys.modules)))
from xiaoneng.evaluation import stats
stats.t_quantile(10.0)
print("scipy" in sys.modules)
"""


@pytest.mark.slow  # a subprocess
def test_evaluation_imports_scipy_only_when_it_computes_an_interval():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True)
    before, after = done.stdout.splitlines()[-2:]
    assert before == "", f"loaded at start-up: {before}"
    assert after == "True"  # and it is there once an interval is asked for
