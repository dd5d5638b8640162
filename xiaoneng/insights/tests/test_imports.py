"""Heavy libraries stay out of a process that does not use them: scikit-learn and SciPy take
seconds and a hundred megabytes to import, ReportLab (with Pillow) and openpyxl (with NumPy)
tens of megabytes each.  An app server that never trains, mines clusters, prints a PDF or
writes a workbook must not load them: they are imported by the functions that use them."""

import subprocess
import sys

import pytest
from django.conf import settings

HEAVY = ("sklearn", "scipy", "joblib", "numpy", "reportlab", "PIL", "openpyxl", "jieba", "weasyprint", "matplotlib")

PROBE = f"""
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "xiaoneng.settings.test"
import django
django.setup()
import xiaoneng.urls  # every view, every API router, every app's ready()
from django.urls import get_resolver
get_resolver().url_patterns
import xiaoneng.applications.documents, xiaoneng.supervision.bulletins, xiaoneng.supervision.letters, xiaoneng.web.lists
heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)
print(",".join(heavy))
xiaoneng.supervision.documents.text_width()
print("reportlab" in sys.modules)
"""


@pytest.mark.slow  # a subprocess
def test_serving_a_request_does_not_import_heavy_libraries():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True)
    before, after = done.stdout.splitlines()[-2:]
    assert before == "", f"loaded at start-up: {before}"
    assert after == "True"  # the probe can see a library once something uses it
