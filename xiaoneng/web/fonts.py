"""The CJK font embedded in every PDF the platform writes (bulletins, letters, notices).

Noto Sans SC (SIL Open Font License 1.1) comes from the pinned PyPI package
``justmytype-intl-cjk`` as a variable font whose default weight is Thin; ReportLab embeds
TrueType outlines but cannot pick a weight, so the Regular instance (wght 400) is made once
with fontTools and kept beside the virtual environment (``make`` does it when it installs
the requirements; otherwise the first PDF does, in about half a minute).  A PDF viewer needs
no Chinese font of its own: the glyphs used are embedded as a subset."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from importlib.resources import files
from pathlib import Path

FONT = "NotoSansSC"
WEIGHT = 400
_lock = threading.Lock()
_registered = False


def source() -> Path:
    return Path(str(files("justmytype_intl_cjk") / "fonts" / "ofl" / "notosanssc" / "NotoSansSC[wght].ttf"))


def instance_path() -> Path:
    return Path(sys.prefix) / "share" / "xiaoneng" / f"{FONT}-Regular.ttf"


def make_instance() -> Path:
    """Write the Regular instance unless it is there; a half-written file is never seen
    (written aside, then renamed), so two processes may race harmlessly."""
    target = instance_path()
    if target.exists():
        return target
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    target.parent.mkdir(parents=True, exist_ok=True)
    font = instancer.instantiateVariableFont(TTFont(str(source())), {"wght": WEIGHT}, updateFontNames=False)
    for record in font["name"].names:  # the default instance was named Thin
        if record.nameID in (2, 3, 4, 6, 17):
            record.string = record.toUnicode().replace("Thin", "Regular")
    fd, temporary = tempfile.mkstemp(dir=target.parent, suffix=".ttf.part")
    os.close(fd)
    font.save(temporary)
    os.replace(temporary, target)
    return target


def cjk_font() -> str:
    """The registered font's name, for ReportLab styles and drawings."""
    global _registered
    with _lock:
        if not _registered:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            pdfmetrics.registerFont(TTFont(FONT, str(make_instance())))
            _registered = True
    return FONT


if __name__ == "__main__":  # make: python -m xiaoneng.web.fonts
    print(make_instance())
