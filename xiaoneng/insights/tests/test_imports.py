"""scikit-learn and SciPy take seconds and a hundred megabytes to import: an app server that
never trains or mines clusters must not load them."""

import subprocess
import sys

import pytest
from django.conf import settings

PROBE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "xiaoneng.settings.test"
import django
django.setup()
import xiaoneng.urls  # every view, every API router, every app's ready()
heavy = sorted(m for m in ("sklearn", "scipy", "joblib") if m in sys.modules)
print(",".join(heavy))
"""


@pytest.mark.slow  # a subprocess
def test_serving_a_request_does_not_import_scikit_learn():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"loaded at start-up: {done.stdout.strip()}"
