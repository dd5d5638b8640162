"""Pure rules of inspections: the reproducible random draw and what evidence is accepted."""

from __future__ import annotations

import datetime as dt
import random
import re

from .models import PlanState

PLAN_TRANSITIONS = {
    PlanState.DRAFT: {PlanState.DRAWN},
    PlanState.DRAWN: {PlanState.DONE},
    PlanState.DONE: set(),
}

DEFAULT_SLOTS = ["08:50", "10:30", "14:10", "16:20"]
_SLOT = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

# Content types read from the file itself (``filetype``), with the extension stored.
EVIDENCE_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/amr": "amr",
    "audio/x-wav": "wav",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/3gpp": "3gp",
}
EVIDENCE_LABEL = "照片（JPG/PNG/WebP/HEIC）、文档（PDF/DOCX/XLSX）、录音（MP3/M4A/AMR/WAV）、视频（MP4/MOV/3GP）"


def valid_slot(slot: str) -> bool:
    return bool(_SLOT.match(slot))


def draw(*, pool: list[int], days: list[dt.date], slots: list[str], count: int, seed: int) -> list[tuple[dt.date, str, int]]:
    """Pick ``count`` departments from ``pool`` and a working day and time slot for each,
    with ``random.Random(seed)``: the same inputs always give the same visits.  Returned in
    visiting order (day, slot, department id)."""
    if not pool or not days or not slots or not 1 <= count <= len(pool):
        raise ValueError("draw needs a pool, days, slots and 1 <= count <= len(pool)")
    rng = random.Random(seed)
    chosen = rng.sample(sorted(pool), count)
    return sorted((rng.choice(days), rng.choice(slots), dept) for dept in chosen)
