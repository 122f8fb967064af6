"""The digest as a person receives it: `tend digest --send` through a real SMTP server (aiosmtpd, from
Tests/mail/smtpd.py), the message read with Python's email package, and a link in it followed against
`tend serve`: the confirmation page, then its button, marks the suggestion done. Also the HTML part,
rendered in headless Chromium and saved as a screenshot for review.

    TEND_BINARY=.build/debug/tend python3 -m pytest -q Tests/mail
"""
import email
import email.policy
import html.parser
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("TEND_BINARY", ROOT / ".build" / "debug" / "tend"))
SHOTS = Path(os.environ.get("SCREENSHOTS", ROOT / "screenshots"))
NOW = "2026-11-27T09:00:00Z"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(tmp_path):
    process = subprocess.Popen([sys.executable, str(ROOT / "Tests" / "mail" / "smtpd.py"), "--out", str(tmp_path / "inbox"),
                                "--refuse", "@refused.example"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline().split()
    assert line[0] == "listening", line
    yield int(line[1]), tmp_path / "inbox"
    process.stdin.close()
    process.wait(timeout=10)


def tend(home, *args, ok=True):
    env = {"HOME": str(home), "TZ": "UTC", "PATH": "/usr/bin:/bin", "TEND_NOW": NOW}
    r = subprocess.run([str(BINARY), *args, "--db", str(home / "tend.sqlite")], capture_output=True, text=True, env=env)
    if ok:
        assert r.returncode == 0, f"tend {' '.join(args)}: {r.stderr}"
    return r


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href"))


def test_the_digest_arrives_readable_and_its_link_marks_a_suggestion_done(tmp_path, smtp):
    port, inbox = smtp
    web = free_port()
    tend(tmp_path, "demo")
    tend(tmp_path, "add", "Zoë Ångström", "--tier", "meaningful", "--birthday", "1990-11-27")
    agenda = json.loads(tend(tmp_path, "today", "--json").stdout)
    assert agenda["suggestions"], "the demo network has an agenda"
    sent = tend(tmp_path, "digest", "--send", "--to", "ana@example.org", "--smtp-url", f"smtp://127.0.0.1:{port}?tls=none",
                "--mail-from", "Tend Digest <tend@example.org>", "--public-url", f"http://127.0.0.1:{web}")
    assert "Sent the digest of 27 November 2026 to ana@example.org" in sent.stdout

    files = sorted(inbox.glob("*.eml"))
    assert len(files) == 1
    raw = files[0].read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    # 7-bit, CRLF, every line within 998 octets (RFC 5322 2.1.1), none of the headers over 78 where a space allows.
    body = raw.split(b"\r\n", 2)[2]
    assert all(b < 128 for b in body)
    assert all(len(line) <= 998 for line in body.split(b"\r\n"))
    assert message["From"].addresses[0].display_name == "Tend Digest"
    assert message["To"] == "ana@example.org"
    assert message["Subject"].startswith("[Test] Friday: ")
    assert email.utils.parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert re.fullmatch(r"<digest\.[0-9a-f]{24}@example\.org>", message["Message-ID"])
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(rf"<http://127\.0\.0\.1:{web}/act/[A-Za-z0-9_.-]+>", message["List-Unsubscribe"])
    assert message.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    # The non-ASCII name survives both parts and the subject's encoding.
    assert "Zoë Ångström" in text and "Zoë Ångström" in page
    assert "—" in message["Subject"] and b"Subject: =?UTF-8?B?" in raw
    # No remote images, inline styles.
    assert "<img" not in page and 'style="' in page
    links = Links()
    links.feed(page)
    done = [l for l in links.links if l and "/act/" in l]
    assert len(done) >= 3
    (SHOTS).mkdir(exist_ok=True)
    (tmp_path / "digest.html").write_text(page)

    # Follow the first "done" link as a person would: a page that asks, then its button.
    first = re.search(r"Done: (\S+)", text).group(1)
    env = dict(os.environ, TEND_NOW=NOW, TZ="UTC")
    server = subprocess.Popen([str(BINARY), "serve", "--db", str(tmp_path / "tend.sqlite"), "--port", str(web)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{web}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        asked = urllib.request.urlopen(first, timeout=5).read().decode()
        assert "Mark it done?" in asked
        # Opening it changed nothing.
        assert json.loads(tend(tmp_path, "today", "--json").stdout)["suggestions"] == agenda["suggestions"]
        confirm = re.search(r'name="confirm" value="([^"]+)"', asked).group(1)
        done_page = urllib.request.urlopen(urllib.request.Request(first, data=urllib.parse.urlencode({"confirm": confirm}).encode(),
                                                                   method="POST"), timeout=5).read().decode()
        assert "marked done" in done_page
        after = json.loads(tend(tmp_path, "today", "--json").stdout)["suggestions"]
        assert len(after) == len(agenda["suggestions"]) - 1
    finally:
        server.terminate()
        server.wait(timeout=10)

    # The HTML part as a mail client's web view shows it, for a person to look at.
    shot = SHOTS / "digest-email.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}", "--window-size=700,2000",
                    (tmp_path / "digest.html").as_uri()], capture_output=True, timeout=60)
    assert shot.exists() and shot.stat().st_size > 10_000


def test_a_bad_mail_setting_is_refused_before_anything_is_sent(tmp_path, smtp):
    port, inbox = smtp
    tend(tmp_path, "demo")
    for args, message in [
        (["--smtp-url", "http://x.example", "--mail-from", "t@example.org"], "the SMTP URL starts with 'http://'"),
        (["--smtp-url", f"smtp://127.0.0.1:{port}?tls=none"], "--smtp-url needs --mail-from"),
        (["--smtp-url", f"smtp://127.0.0.1:{port}?tls=none", "--mail-from", "nobody"], "--mail-from 'nobody' is not an address"),
        (["--smtp-url", f"smtp://127.0.0.1:{port}?tls=none", "--mail-from", "t@example.org", "--to", "x@refused.example"],
         "recipient refused: x@refused.example: 550"),
    ]:
        r = tend(tmp_path, "digest", "--send", *args, ok=False)
        assert r.returncode != 0 and message in r.stderr, (args, r.stderr)
    assert not list(inbox.glob("*.eml"))
