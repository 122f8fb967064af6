"""Tend's vCards and calendars, read by independent libraries (vobject, icalendar, dateutil),
and vCards written by vobject, read by Tend. Runs the real `tend` binary on a clean data directory.

    TEND_BINARY=.build/debug/tend python3 -m pytest -q Tests/interop
"""
import datetime
import json
import os
import pathlib
import subprocess

import icalendar
import pytest
import vobject
from dateutil.rrule import rrulestr

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "TendInteropTests" / "Fixtures"
BINARY = os.environ.get("TEND_BINARY", str(pathlib.Path(__file__).resolve().parents[2] / ".build" / "debug" / "tend"))


class Tend:
    def __init__(self, home: pathlib.Path):
        self.home = home
        self.db = home / "tend.sqlite"

    def run(self, *args, ok=True, env=None):
        environment = {"HOME": str(self.home), "XDG_DATA_HOME": str(self.home / "data"), "TZ": "UTC", "PATH": "/usr/bin:/bin",
                       "TEND_NOW": "2026-11-27T09:00:00Z"}
        environment.update(env or {})
        # Bytes, not text mode: text mode would turn the CRLF line ends vCard needs into LF.
        r = subprocess.run([BINARY, *args, "--db", str(self.db)], capture_output=True, env=environment)
        r.stdout, r.stderr = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
        if ok:
            assert r.returncode == 0, f"tend {' '.join(args)} failed: {r.stderr}"
        return r

    def json(self, *args):
        return json.loads(self.run(*args, "--json").stdout)


@pytest.fixture
def tend(tmp_path):
    return Tend(tmp_path)


def seeded(tend):
    for name in ["iphone.vcf", "android-2.1.vcf", "outlook-2003.vcf", "outlook-2007.vcf", "apple-contacts.vcf", "evolution.vcf",
                 "thunderbird.vcf", "rfc6350.vcf", "rfc2426.vcf", "bday-forms.vcf"]:
        tend.run("import", str(FIXTURES / name), "--date", "2026-11-27")
    tend.run("import", str(FIXTURES / "gmail.vcf"), "--skip-invalid", "--date", "2026-11-27")
    tend.run("import", str(FIXTURES / "linkedin-connections.csv"), "--date", "2026-11-27")
    tend.run("import", str(FIXTURES / "google-contacts.csv"), "--date", "2026-11-27")
    tend.run("tier", "Ana Lima", "intimate", "--date", "2026-11-27")
    return tend


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vobject_reads_every_card_tend_writes(tend, version):
    seeded(tend)
    text = tend.run("export", "--vcard", "--vcard-version", version).stdout
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = list(vobject.readComponents(text))
    people = tend.json("list", "--archived")
    assert len(cards) == len(people)
    by_name = {c.fn.value: c for c in cards}
    for c in cards:
        assert c.version.value == version

    ana = by_name["Ana Lima"]
    assert [e.value for e in ana.contents["email"]] == ["ana@example.com", "ana.lima@acme.example"]
    assert ana.n.value.family == "Lima" and ana.n.value.given == "Ana"
    assert ana.note.value.startswith("Met at PyCon, loves climbing.\nTwo kids; both at school.")
    assert ana.categories.value == ["climbing", "friends"]
    # The department came with the imported card: it is kept and goes out again (issue 12).
    assert ana.org.value == ["Acme Corp", "Engineering"]
    urls = [u.value for u in ana.contents["url"]]
    assert "https://www.linkedin.com/in/ana-lima" in urls
    if version == "4.0":
        assert ana.bday.value == "--0412"
        assert [r.value for r in ana.contents["related"]] == ["Ben Lima"]
        assert ana.related.params["TYPE"] == ["spouse"]
    else:
        assert ana.bday.value == "1604-04-12" and ana.bday.params["X-APPLE-OMIT-YEAR"] == ["1604"]
        assert ana.contents["x-abrelatednames"][0].value == "Ben Lima"
    # Kept properties come back as written.
    assert ana.contents["adr"][0].value.city == "Cupertino"
    assert "photo" in ana.contents

    joerg = by_name["Jörg Müller"]
    assert joerg.note.value == "Erste Zeile\nZweite Zeile, die so lang ist, dass das Telefon sie umbricht."
    assert joerg.bday.value in ("19850412", "1985-04-12")
    assert by_name["Siobhán O'Brien"].contents["adr"][0].value.street == "One Microsoft Way\nSuite 100"


def test_vcards_vobject_writes_are_read_by_tend(tend):
    cards = []
    c = vobject.vCard()
    c.add("fn").value = "Grace Hopper"
    c.add("n").value = vobject.vcard.Name(family="Hopper", given="Grace")
    for address in ["grace@navy.example", "amazing.grace@example.org"]:
        c.add("email").value = address
    c.add("tel").value = "+1 202 555 0148"
    c.add("org").value = ["US Navy", "Computing"]
    c.add("title").value = "Rear Admiral"
    c.add("bday").value = "1906-12-09"
    c.add("note").value = "Found the first bug; a moth, taped into the log book. " * 3 + "\nCOBOL, compilers; everything."
    c.add("categories").value = ["Pioneers", "Navy"]
    c.add("url").value = "https://www.linkedin.com/in/grace-hopper"
    cards.append(c.serialize())
    d = vobject.vCard()
    d.add("fn").value = "Ada, Countess of Lovelace"
    d.add("n").value = vobject.vcard.Name(family="King", given="Augusta Ada")
    d.add("bday").value = "--12-10"
    cards.append(d.serialize())
    path = tend.home / "vobject.vcf"
    path.write_text("".join(cards), encoding="utf-8")

    report = json.loads(tend.run("import", str(path), "--json").stdout)
    assert [a["name"] for a in report["added"]] == ["Grace Hopper", "Ada, Countess of Lovelace"]
    grace = tend.json("show", "Grace Hopper")["person"]["profile"]
    assert grace["emails"] == ["grace@navy.example", "amazing.grace@example.org"]
    assert grace["phones"] == ["+1 202 555 0148"]
    assert grace["company"] == "US Navy" and grace["title"] == "Rear Admiral"
    assert grace["birthday"] == "1906-12-09"
    assert grace["notes"].endswith("\nCOBOL, compilers; everything.")
    assert grace["tags"] == ["navy", "pioneers"]
    assert grace["links"] == [{"label": "LinkedIn", "url": "https://www.linkedin.com/in/grace-hopper"}]
    assert tend.json("show", "Ada")["person"]["profile"]["birthday"] == "--12-10"

    again = json.loads(tend.run("import", str(path), "--json").stdout)
    assert again["added"] == [] and len(again["merged"]) == 2


def test_icalendar_reads_the_calendar(tend):
    seeded(tend)
    text = tend.run("export", "--ics", "--date", "2026-11-27").stdout
    cal = icalendar.Calendar.from_ical(text)
    events = list(cal.walk("VEVENT"))
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    for e in events:
        assert isinstance(e["DTSTART"].dt, datetime.date) and not isinstance(e["DTSTART"].dt, datetime.datetime)
        assert e["DTEND"].dt - e["DTSTART"].dt == datetime.timedelta(days=1)
        assert e["DTSTAMP"].dt == datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.timezone.utc)
    birthdays = {str(e["SUMMARY"]): e for e in events if "birthday" in str(e["SUMMARY"])}

    def next_two(event, after):
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=datetime.datetime.combine(event["DTSTART"].dt, datetime.time()))
        first = rule.after(after)
        return [first.date(), rule.after(first).date()]

    # Feb 29, known year: Feb 28 in common years, Feb 29 in leap years.
    wei = birthdays["Dr. Wei Zhang PhD's birthday (born 1968)"]
    assert next_two(wei, datetime.datetime(2026, 11, 27)) == [datetime.date(2027, 2, 28), datetime.date(2028, 2, 29)]
    # No year: yearly from a leap year, every year after.
    ana = birthdays["Ana Lima's birthday"]
    assert next_two(ana, datetime.datetime(2026, 11, 27)) == [datetime.date(2027, 4, 12), datetime.date(2028, 4, 12)]
    # Upcoming keep-ups: Ana is intimate, with no touch since she was added.
    keep_ups = [e for e in events if str(e["SUMMARY"]) == "Keep up with Ana Lima"]
    assert len(keep_ups) == 1 and keep_ups[0]["DTSTART"].dt >= datetime.date(2026, 11, 27)


def test_export_import_export_is_identical(tend, tmp_path):
    seeded(tend)
    for version in ["4.0", "3.0"]:
        first = tend.run("export", "--vcard", "--vcard-version", version).stdout
        path = tmp_path / f"all-{version}.vcf"
        path.write_bytes(first.encode("utf-8"))
        fresh = Tend(tmp_path / f"fresh-{version}")
        fresh.home.mkdir()
        fresh.run("import", str(path))
        assert fresh.run("export", "--vcard", "--vcard-version", version).stdout == first
    backup = tend.run("export", "--json").stdout
    path = tmp_path / "backup.json"
    path.write_text(backup, encoding="utf-8")
    restored = Tend(tmp_path / "restored")
    restored.home.mkdir()
    restored.run("import", str(path))
    assert restored.run("export", "--json").stdout == backup


def test_send_links_carry_the_draft_as_mail_and_chat_apps_read_them(tend):
    """The agenda's mailto: and wa.me links, taken apart by Python's urllib and email packages: the address,
    the subject and the body come back exactly as the draft, whatever its punctuation and accents."""
    import email.utils
    import re
    import urllib.parse

    tend.run("add", "Zoë Ünal-O'Brien", "--tier", "intimate", "--birthday", "11-27", "--email", "zoe+news@example.com",
             "--phone", "+44 (0)20 7946 0958", "--date", "2026-11-01")
    out = tend.run("today", "--date", "2026-11-27").stdout
    draft = re.search(r"draft: “(.*)”", out).group(1)
    mailto = re.search(r"send:  Email: (\S+)", out).group(1)
    parts = urllib.parse.urlsplit(mailto)
    assert parts.scheme == "mailto"
    assert email.utils.parseaddr(urllib.parse.unquote(parts.path)) == ("", "zoe+news@example.com")
    query = urllib.parse.parse_qs(parts.query, strict_parsing=True)
    assert query == {"subject": ["Happy birthday!"], "body": [draft]}
    assert "Zoë" in draft
    whatsapp = urllib.parse.urlsplit(re.search(r"send:  WhatsApp: (\S+)", out).group(1))
    assert (whatsapp.netloc, whatsapp.path) == ("wa.me", "/442079460958")
    assert urllib.parse.parse_qs(whatsapp.query) == {"text": [draft]}
