"""Calendars Tend reads, cross-checked with an independent expander: for every test file, Python's icalendar with
recurring-ical-events finds the same occurrences (each event's UID and start) as `tend import FILE --dry-run`.

    TEND_BINARY=.build/debug/tend python3 -m pytest -q Tests/interop/test_calendar_import.py
"""
import datetime
import json
import os
import pathlib
import re
import subprocess

import icalendar
import pytest
import recurring_ical_events

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "TendInteropTests" / "Fixtures" / "calendars"
BINARY = os.environ.get("TEND_BINARY", str(pathlib.Path(__file__).resolve().parents[2] / ".build" / "debug" / "tend"))
START = datetime.datetime(1990, 1, 1, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
UTC = datetime.timezone.utc


def tend_occurrences(tmp_path, path):
    env = {"HOME": str(tmp_path), "TZ": "UTC", "PATH": "/usr/bin:/bin", "TEND_NOW": END.strftime("%Y-%m-%dT%H:%M:%SZ")}
    r = subprocess.run([BINARY, "import", str(path), "--dry-run", "--json", "--since", "1990-01-01", "--db", str(tmp_path / "tend.sqlite")],
                       capture_output=True, env=env, text=True)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["problems"] == []
    found = set()
    for line in report["lines"]:
        if line.get("reason") == "cancelled":
            continue
        key = line["key"]
        head, _, tail = key.rpartition("|")
        uid = head if head and re.fullmatch(r"\d{8}(T\d{6}Z)?", tail) else key
        found.add((uid, line["start"]))
    return found, report


def python_occurrences(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found = set()
    for event in recurring_ical_events.of(calendar).between(START, END):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = event["DTSTART"].dt
        if isinstance(start, datetime.datetime):
            # A floating time is read in the account's zone: UTC here.
            start = (start if start.tzinfo else start.replace(tzinfo=UTC)).astimezone(UTC)
            if not (START <= start <= END):
                continue
            shown = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            shown = start.isoformat()
        found.add((str(event["UID"]), shown))
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.ics")))
def test_tend_and_recurring_ical_events_find_the_same_occurrences(tmp_path, name):
    tend, report = tend_occurrences(tmp_path, FIXTURES / name)
    python = python_occurrences(FIXTURES / name)
    assert tend, "the file has occurrences"
    assert sorted(tend - python) == [] and sorted(python - tend) == [], f"{name}: only Tend {sorted(tend - python)[:5]}, only Python {sorted(python - tend)[:5]}"
    assert report["dryRun"] is True and report["added"] == 0, "no one in Tend: nothing would be added"


def test_the_benchmarks_calendar_agrees_too(tmp_path):
    # A generated calendar in the benchmark's shape (a quarter of its events recurring), small.
    path = tmp_path / "generated.ics"
    r = subprocess.run([BINARY.replace("/tend", "/tend-bench") if os.path.exists(BINARY.replace("/tend", "/tend-bench")) else "false",
                        "calendar-import", "--events", "400", "--write", str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("tend-bench is not built")
    tend, _ = tend_occurrences(tmp_path, path)
    assert tend == python_occurrences(path)
