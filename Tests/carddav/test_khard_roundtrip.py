"""A Tend account synced to a local folder with vdirsyncer's CLI, edited with khard and in Tend, synced both ways (issue 15).

Needs TEND_BINARY, and vdirsyncer and khard on PATH (bash .ci/run installs them from PyPI).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

BINARY = Path(os.environ.get("TEND_BINARY", ".build/debug/tend")).resolve()
pytestmark = pytest.mark.skipif(not (shutil.which("vdirsyncer") and shutil.which("khard")), reason="vdirsyncer and khard are not installed")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def world(tmp_path):
    db = str(tmp_path / "tend.sqlite")

    def tend(*args):
        return subprocess.run([str(BINARY), *args, "--db", db], check=True, capture_output=True, text=True).stdout

    tend("add", "Ana Lima", "--tier", "meaningful", "--email", "ana@example.com")
    tend("add", "Ben Okafor", "--email", "ben@example.com")
    password = tend("app-password", "create", "laptop").strip()
    port = free_port()
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen([str(BINARY), "serve", "--db", db, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            break
        except OSError:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            time.sleep(0.05)
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "status").mkdir()
    (tmp_path / "vdirsyncer.conf").write_text(f"""
[general]
status_path = "{tmp_path / 'status'}"

[pair contacts]
a = "local"
b = "server"
collections = null
conflict_resolution = "b wins"

[storage local]
type = "filesystem"
path = "{book}"
fileext = ".vcf"

[storage server]
type = "carddav"
url = "http://127.0.0.1:{port}/dav/1/contacts/"
username = "me"
password = "{password}"
""")
    (tmp_path / "khard.conf").write_text(f"""
[addressbooks]
[[tend]]
path = {book}
[general]
editor = /bin/true
merge_editor = /bin/true
[vcard]
preferred_version = 3.0
""")
    env = dict(os.environ, HOME=str(tmp_path))

    def sync():
        out = subprocess.run(["vdirsyncer", "-c", str(tmp_path / "vdirsyncer.conf"), "sync"], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stdout + out.stderr
        return out.stdout + out.stderr

    def khard(*args, stdin=None):
        out = subprocess.run(["khard", "-c", str(tmp_path / "khard.conf"), *args], input=stdin, capture_output=True, text=True, env=env,
                             timeout=30)
        assert out.returncode == 0, out.stdout + out.stderr
        return out.stdout

    subprocess.run(["vdirsyncer", "-c", str(tmp_path / "vdirsyncer.conf"), "discover"], input="y\n" * 4, capture_output=True, text=True,
                   env=env, check=True)
    yield {"tend": tend, "sync": sync, "khard": khard, "book": book}
    server.terminate()
    server.wait(timeout=10)


def folder_state(book):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(book.iterdir())}


def person(tend, name):
    return json.loads(tend("show", name, "--json"))


def test_edits_on_either_side_reach_the_other(world):
    tend, sync, khard, book = world["tend"], world["sync"], world["khard"], world["book"]
    sync()
    assert len(list(book.glob("*.vcf"))) == 2
    listed = khard("list", "--parsable")
    assert "Ana Lima" in listed and "Ben Okafor" in listed

    # In khard: a new contact, a birthday and a phone number for Ana, Ben removed.
    khard("new", "-a", "tend", stdin="First name : Chen\nLast name : Wei\nEmail :\n    work : chen@example.com\nBirthday : 1988-02-03\n")
    ana_yaml = khard("show", "--format", "yaml", "Ana Lima")
    assert "\nBirthday:\n" in ana_yaml and "\nPhone:\n    cell:\n" in ana_yaml, ana_yaml
    ana_yaml = ana_yaml.replace("\nBirthday:\n", "\nBirthday: 1990-04-12\n").replace("\nPhone:\n    cell:\n", "\nPhone:\n    cell: +55 11 91234-5678\n")
    edited = book.parent / "ana.yaml"
    edited.write_text(ana_yaml)
    khard("edit", "-i", str(edited), "Ana Lima", stdin="yes\n")
    khard("remove", "--force", "Ben Okafor")
    sync()

    chen = person(tend, "Chen Wei")["person"]
    assert chen["profile"]["emails"] == ["chen@example.com"] and chen["profile"]["birthday"] == "1988-02-03"
    ana = person(tend, "Ana Lima")["person"]
    assert ana["profile"]["birthday"] == "1990-04-12" and ana["profile"]["phones"] == ["+55 11 91234-5678"]
    assert ana["tier"] == "meaningful", "Tend's own fields stay as they were"
    assert person(tend, "Ben Okafor")["person"]["archived"], "a contact removed in khard is archived in Tend"

    # In Tend: a new person and a second email for Ana; khard sees both, with its own fields kept.
    tend("add", "Dee Dee", "--email", "dee@example.com")
    tend("edit", "Ana Lima", "--email", "ana@work.example")
    sync()
    listed = khard("list", "--parsable")
    assert "Dee Dee" in listed and "Chen Wei" in listed and "Ben Okafor" not in listed
    ana_card = khard("show", "--format", "vcard", "Ana Lima")
    assert "ana@work.example" in ana_card and "ana@example.com" in ana_card
    assert "1990-04-12" in ana_card and "91234-5678" in ana_card

    # A second sync with nothing new changes nothing on either side.
    before = folder_state(book)
    out = sync()
    assert folder_state(book) == before
    for word in ("Copying", "Updating", "Deleting"):
        assert word not in out, out
