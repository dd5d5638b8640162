import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from xiaoneng.core import clock
from xiaoneng.supervision.models import Warning

from .conftest import at


def run(*args):
    from io import StringIO

    out = StringIO()
    with clock.frozen(at(2026, 10, 20, 9)):
        call_command("supervise", *args, stdout=out)
    return json.loads(out.getvalue())


def test_supervise_prints_json_counts(city, start):
    start(1, started_on=dt.date(2026, 9, 21), days=7)
    dry = run("--dry-run")
    assert dry["dry_run"] and dry["yellow"] == 1 and dry["red"] == 1 and dry["sweep_id"] is None
    assert not Warning.objects.exists()
    past = run("--as-of", "2026-10-09T12:00")  # Beijing time when no offset is given
    assert past["as_of"] == "2026-10-09T12:00:00+08:00" and past["yellow"] == 1 and past["red"] == 0
    assert run()["red"] == 1


@pytest.mark.parametrize("value,message", [("soon", "ISO 8601"), ("2027-01-01", "不能晚于当前时间")])
def test_supervise_refuses_bad_moments(db, value, message):
    with pytest.raises(CommandError, match=message):
        run("--as-of", value)
