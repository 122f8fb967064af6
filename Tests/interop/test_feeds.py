"""Tend's feed reader against feedparser (issue 18): every test feed read by both from the same bytes, each
entry's title, link, id and date compared. Runs the real `tend feed read`.

    TEND_BINARY=.build/debug/tend python3 -m pytest -q Tests/interop/test_feeds.py
"""
import calendar
import datetime
import json
import os
import pathlib
import re
import subprocess

import feedparser
import pytest

FEEDS = pathlib.Path(__file__).resolve().parent.parent / "TendInteropTests" / "Fixtures" / "feeds"
BINARY = os.environ.get("TEND_BINARY", str(pathlib.Path(__file__).resolve().parents[2] / ".build" / "debug" / "tend"))
URLS = {"rss2.xml": "https://quill.example/news/feed.xml", "atom.xml": "https://ben.example/blog/atom.xml",
        "rss1.rdf": "https://ana.example/index.rdf", "latin1.xml": "https://cafe.example/rss"}


def tend_read(name):
    r = subprocess.run([BINARY, "feed", "read", str(FEEDS / name), "--url", URLS[name], "--json"], capture_output=True, text=True,
                       env={"HOME": "/tmp", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def plain(html):
    """feedparser keeps (sanitized) markup in titles it reads as HTML; Tend gives the words."""
    text = re.sub(r"<[^>]*>", " ", html or "")
    return " ".join(text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").split())


@pytest.mark.parametrize("name", sorted(URLS))
def test_tend_reads_every_entry_as_feedparser_does(name):
    data = (FEEDS / name).read_bytes()
    kind = {"atom.xml": "application/atom+xml", "feed.json": "application/json", "rss1.rdf": "application/rdf+xml"}.get(name, "application/rss+xml")
    theirs = feedparser.parse(data, response_headers={"content-location": URLS[name], "content-type": kind})
    assert not theirs.bozo, theirs.get("bozo_exception")
    ours = tend_read(name)
    assert plain(theirs.feed.get("title")) == ours["title"]
    assert len(theirs.entries) == len(ours["entries"])
    for t, o in zip(theirs.entries, ours["entries"]):
        assert plain(t.get("title")) == o["title"]
        assert t.get("link") == o.get("link"), (t.get("link"), o.get("link"))
        if "id" in t and o.get("id"):
            assert t.id == o["id"]
        parsed = t.get("published_parsed") or t.get("updated_parsed")
        if parsed is None:
            assert o.get("published") is None
        else:
            theirs_date = datetime.datetime.fromtimestamp(calendar.timegm(parsed), datetime.timezone.utc)
            ours_date = datetime.datetime.fromisoformat(o["published"].replace("Z", "+00:00"))
            assert theirs_date == ours_date.replace(microsecond=0), (o["title"], theirs_date, ours_date)


def test_a_json_feed_as_its_specification_reads():
    """feedparser 6 reads no JSON Feed: the file is read here as JSON Feed 1.1 says (ids as text, urls relative to the site)."""
    import urllib.parse
    URLS["feed.json"] = "https://chen.example/feed.json"
    spec = json.loads((FEEDS / "feed.json").read_text())
    ours = tend_read("feed.json")
    assert ours["title"] == spec["title"] and ours["format"] == "JSON Feed"
    for item, o in zip(spec["items"], ours["entries"], strict=True):
        assert o["id"] == str(item["id"]) and o["title"] == item["title"]
        assert o["link"] == urllib.parse.urljoin(spec["home_page_url"], item["url"])
        published = datetime.datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
        assert datetime.datetime.fromisoformat(o["published"].replace("Z", "+00:00")) == published


def test_a_bomb_is_refused_and_feedparser_agrees_it_is_broken():
    r = subprocess.run([BINARY, "feed", "read", str(FEEDS / "bomb.xml")], capture_output=True, text=True, env={"HOME": "/tmp", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 1 and "declares XML entities, which Tend does not expand" in r.stderr
