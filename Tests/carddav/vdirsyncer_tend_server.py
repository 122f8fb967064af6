"""vdirsyncer's storage test suite against a live `tend serve` (issue 15).

scripts/carddav-suite copies this file into the unpacked vdirsyncer sdist as tests/storage/servers/tend/__init__.py
and runs tests/storage/dav/test_carddav.py with DAV_SERVER=tend. One `tend serve` on loopback serves the whole run,
with a fresh SQLite database; before each test every card of the book is deleted, so each test starts empty.

Tend keeps exactly one address book per account (macOS Contacts shows only the first, sabre/dav#846), so the
two tests that create and discover several collections are skipped here, with that reason.
"""
from __future__ import annotations

import atexit
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests

BINARY = Path(os.environ["TEND_BINARY"])


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_server = None


def tend_server():
    """The one server of the run, started on first use and stopped when the run ends."""
    global _server
    if _server is None:
        _server = _start()
    return _server


def _start():
    folder = tempfile.mkdtemp(prefix="tend-vdirsyncer-")
    db = f"{folder}/tend.sqlite"
    password = subprocess.run([str(BINARY), "app-password", "create", "vdirsyncer", "--db", db],
                              check=True, capture_output=True, text=True).stdout.strip()
    port = _free_port()
    log = open(Path(folder) / "server.log", "w")
    process = subprocess.Popen([str(BINARY), "serve", "--db", db, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/health", timeout=1)
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("tend serve exited: " + (Path(folder) / "server.log").read_text())
            time.sleep(0.05)
    atexit.register(lambda: (process.terminate(), process.wait(timeout=10)))
    return {"url": url + "/dav/1/contacts/", "username": "vdirsyncer", "password": password}


def _empty(server):
    auth = (server["username"], server["password"])
    body = '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'
    r = requests.request("PROPFIND", server["url"], data=body, auth=auth, headers={"Depth": "1"})
    r.raise_for_status()
    for response in ET.fromstring(r.content).findall("{DAV:}response"):
        href = response.find("{DAV:}href").text
        if not href.endswith("/"):
            requests.delete(server["url"].split("/dav/")[0] + href, auth=auth).raise_for_status()


class ServerMixin:
    @pytest.fixture
    def get_storage_args(self, request, aio_connector):
        server = tend_server()
        _empty(server)

        async def inner(collection="test"):
            args = {"url": server["url"], "username": server["username"], "password": server["password"],
                    "connector": aio_connector}
            if collection is not None:
                args["collection"] = collection
            return args

        return inner

    @pytest.mark.skip(reason="Tend keeps one address book per account: there are no collections to create or discover")
    def test_discover(self):
        pass

    @pytest.mark.skip(reason="Tend keeps one address book per account: MKCOL is refused with 403")
    def test_create_collection(self):
        pass
