"""Watch rounds end to end against a local site (127.0.0.1 only) serving the demo corpus's articles as pages of five
outlets, released in waves through their feeds, with faults injected: every allowed page stored exactly once over
three rounds, nothing robots.txt forbids fetched, no host asked faster than its delay, each fault reported per URL
while the round goes on, a restarted watcher resumes without refetching, and the changes report names exactly the
stories the new pages touched."""
from __future__ import annotations

import html
import json
from email.utils import format_datetime
from datetime import datetime, timezone

import pytest

from conftest import REPO
from newsweave import open_store
from newsweave.fetch import Fetcher
from newsweave.settings import Settings, WatchSettings
from newsweave.watch import WatchState, changes_since, render_changes, run_round
from watch_site import Route, Site, rss

DEMO = REPO / "examples" / "demo"
OUTLETS = ("harbourcourier.example", "capitalsun.example", "valdoriapost.example")
FAULTS = "faults.test"
WATCH = WatchSettings(host_delay=0.1, timeout=0.5, total_timeout=1.0, max_bytes=200_000, retries=1, backoff=0.05,
                      max_retry_after=2.0, allow_private=True)
WAVES = [
    ["valdoriapost_2026-03-14_dam-collapse.html", "harbourcourier_2026-03-14_korvin-dam.txt", "capitalsun_2026-03-15_dam-warnings.txt",
     "valdoriapost_2026-05-18_election.txt", "capitalsun_2026-05-19_election.txt"],
    ["harbourcourier_2026-05-19_ostmark.html", "harbourcourier_2026-04-07_dock-strike.txt", "capitalsun_2026-04-08_port-strike.txt",
     "valdoriapost_2026-04-08_port-strike.html"],
    [],
]
STORY_OF = {"dam": 0, "election": 1, "ostmark": 1, "strike": 2}
BRIEFS: list[dict] = []  # story id -> brief, after each round
STEPS: list[list[tuple]] = []  # (stage, done, total) as each round went


def _story_key(name: str) -> str:
    return next(k for k in STORY_OF if k in name)


def _page(name: str) -> bytes:
    """A demo article as an HTML page: the demo's HTML pages as they are, its text files wrapped in a page."""
    if name.endswith(".html"):
        return (DEMO / "html" / name).read_bytes()
    lines = [line for line in (DEMO / "txt" / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(lines[0])}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(lines[0])}</h1>{body}</article>"
            f"<footer>Test site footer</footer></body></html>").encode("utf-8")


def _outlet(name: str) -> str:
    return name.split("_", 1)[0] + ".example"


def _path(name: str) -> str:
    return "/news/" + name.rsplit(".", 1)[0]


def _date(name: str) -> str:
    day = datetime.strptime(name.split("_")[1], "%Y-%m-%d").replace(hour=9, tzinfo=timezone.utc)
    return format_datetime(day)


class NewsSite:
    """The outlets' feeds and pages; :meth:`release` adds a wave of pages to the feeds."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.released: dict[str, list[str]] = {o: [] for o in OUTLETS}
        for outlet in OUTLETS:
            site.add(outlet, "/robots.txt", Route(b"User-agent: *\nDisallow: /admin/\n", content_type="text/plain"))
            self._feed(outlet)
        site.add(FAULTS, "/robots.txt", Route(b"User-agent: newsweave\nDisallow: /secret/\n", content_type="text/plain"))
        faults = {"/missing": None, "/broken": Route(b"", status=500), "/hang": Route(b"late", wait=1.5),
                  "/huge": Route(b"<html>" + b"x" * 300_000), "/loop": Route(b"", status=302, headers={"Location": "/loop2"}),
                  "/loop2": Route(b"", status=302, headers={"Location": "/loop"}), "/secret/page": Route(_page(WAVES[0][0])),
                  "/slow": Route(b"<html><body>" + b"y" * 40 + b"</body></html>", trickle=0.05),
                  "/busy": Route(b"", status=503, headers={"Retry-After": "1"},
                                 then=Route(_page("valdoriapost_2026-07-03_brenna-fire.txt")))}
        for path, route in faults.items():
            if route is not None:
                site.add(FAULTS, path, route)
        items = [(site.url(FAULTS, p), p, _date("x_2026-07-03")) for p in faults if p != "/loop2"]
        site.add(FAULTS, "/feed.xml", Route(rss(items), content_type="application/rss+xml", etag=True))
        site.add(FAULTS, "/bad-feed.xml", Route(b"<rss><channel><title>cut off", content_type="application/rss+xml"))

    def _feed(self, outlet: str) -> None:
        items = [(self.site.url(outlet, _path(n)), n, _date(n)) for n in self.released[outlet]]
        self.site.add(outlet, "/feed.xml", Route(rss(items, outlet), content_type="application/rss+xml", etag=True))

    def release(self, names: list[str]) -> None:
        for name in names:
            outlet = _outlet(name)
            self.site.add(outlet, _path(name), Route(_page(name)))
            self.released[outlet].append(name)
            self._feed(outlet)

    @staticmethod
    def sources_count() -> list[str]:
        """One name per source the rounds watch (the outlets' feeds, the fault site's two)."""
        return [*OUTLETS, "faults", "bad-feed"]

    @property
    def sources(self) -> list[str]:
        return [self.site.url(o, "/feed.xml") for o in OUTLETS] + [self.site.url(FAULTS, "/feed.xml"),
                                                                    self.site.url(FAULTS, "/bad-feed.xml")]

    def fetcher(self, store) -> Fetcher:
        """A fresh fetcher, as a restarted watcher makes: what it knows comes from the store."""
        return Fetcher(WATCH, hosts=WatchState.load(store).hosts, resolve=self.site.resolver(*OUTLETS, FAULTS))


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """Three rounds, each with a fresh fetcher (a restart), over the waves; the store, the site and the reports."""
    settings = Settings(watch=WATCH)
    store = open_store(tmp_path_factory.mktemp("watch") / "watch.db")
    with Site() as site:
        news = NewsSite(site)
        reports, logs, BRIEFS[:], STEPS[:] = [], [], [], []
        for wave in WAVES:
            news.release(wave)
            lines: list[str] = []
            steps: list[tuple[str, int, int | None]] = []
            reports.append(run_round(news.sources, store, settings, news.fetcher(store), log=lines.append,
                                     step=lambda report, stage, done, total: steps.append((stage, done, total))))
            STEPS.append(steps)
            logs.append(lines)
            BRIEFS.append({sid: store.get_brief(sid) for sid in set(store.story_assignments().values())})
        yield store, site, reports, logs
    store.close()


def _page_url(site: Site, name: str) -> str:
    return site.url(_outlet(name), _path(name))


def test_every_allowed_page_is_stored_once_and_nothing_forbidden_is_fetched(watched):
    store, site, reports, _ = watched
    ok = {}
    for hit in site.hits:
        if hit.status == 200 and hit.path.startswith("/news/"):
            ok[(hit.host, hit.path)] = ok.get((hit.host, hit.path), 0) + 1
    released = [n for wave in WAVES for n in wave]
    assert ok == {(_outlet(n), _path(n)): 1 for n in released}
    for name in released:
        assert [v["version"] for v in store.versions(_page_url(site, name))] == [1]
    assert len(store.article_rows()) == len(released) + 1  # and the page that answered 503 first, then 200
    assert not [h for h in site.hits if h.path.startswith(("/secret/", "/admin/"))]
    assert [r.pages_stored for r in reports][2] == []


def test_no_host_is_asked_faster_than_its_delay(watched):
    _, site, _, _ = watched
    for host in {h.host for h in site.hits}:
        times = sorted(h.at for h in site.hits if h.host == host)
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert min(gaps) >= WATCH.host_delay - 0.01, host


def test_each_fault_is_reported_per_url_and_the_round_goes_on(watched):
    _, site, reports, logs = watched
    first = dict(reports[0].faults)
    expect = {"/missing": "HTTP 404", "/broken": "HTTP 500", "/hang": "timed out", "/huge": "watch.max_bytes",
              "/loop": "redirect loop", "/secret/page": "robots.txt", "/slow": "watch.total_timeout",
              "/bad-feed.xml": "feed not read"}
    for path, words in expect.items():
        assert words in first[site.url(FAULTS, path)], (path, first.get(site.url(FAULTS, path)))
        assert any(line.startswith(f"fault {site.url(FAULTS, path)}") for line in logs[0])
    assert site.url(FAULTS, "/busy") not in first  # 503 with Retry-After: 1, then answered
    assert len(reports[0].pages_stored) == len(WAVES[0]) + 1
    assert reports[0].exit_code == 1 and logs[0][-1].startswith("round ")
    # failed pages are tried again in later rounds (up to three rounds), feeds not changed answer 304
    assert site.url(FAULTS, "/missing") in dict(reports[1].faults)
    assert [h.path for h in site.hits].count("/missing") == 3  # then given up: three rounds, three tries
    assert WatchState.load(watched[0]).failures[site.url(FAULTS, "/missing")]["tries"] == 3
    assert reports[2].feeds_unchanged == len(OUTLETS) + 1


def test_a_restarted_watcher_resumes_without_refetching(watched):
    _, site, reports, _ = watched
    feed_answers = [h.status for h in site.hits if h.path == "/feed.xml" and h.host == OUTLETS[0]]
    assert feed_answers == [200, 200, 304]  # round 2 brought a new item; round 3 found nothing new
    assert reports[2].pages_fetched == 0


def test_changes_report_names_exactly_the_stories_the_new_pages_touched(watched):
    store, site, reports, _ = watched
    membership = store.story_membership([_page_url(site, n) for wave in WAVES for n in wave])
    story = {key: {membership[_page_url(site, n)][0] for wave in WAVES for n in wave if _story_key(n) == key}
             for key in STORY_OF}
    assert all(len(ids) == 1 for ids in story.values())  # the demo's articles form their stories
    dam, election, strike = (next(iter(story[k])) for k in ("dam", "election", "strike"))
    second = changes_since(store, reports[1].started)
    assert {s["id"] for s in second["stories"]} == {election, strike} and second["rounds"] == 2
    by_id = {s["id"]: s for s in second["stories"]}
    assert by_id[strike]["appeared"] and len(by_id[strike]["new_articles"]) == 3
    assert not by_id[election]["appeared"]
    assert [a["id"] for a in by_id[election]["new_articles"]] == [_page_url(site, WAVES[1][0])]
    assert by_id[election]["new_outlets"] == ["harbourcourier.example"]
    third = changes_since(store, reports[2].started)
    assert third["stories"] == [] and third["rounds"] == 1
    everything = changes_since(store, reports[0].started)
    assert dam in everything["appeared"] and election in everything["appeared"]
    markdown = render_changes(second, "md")
    assert "new story" in markdown and "harbourcourier.example" in markdown
    assert json.loads(render_changes(second, "json")) == second



def _spans(brief: dict, kind: str) -> list[tuple[dict, set[tuple]]]:
    """(item, its passages) for the corroborated facts or the quotes of a brief."""
    if kind == "facts":
        items = [f for f in brief.get("facts") or [] if f.get("status") == "corroborated"]
    else:
        items = [q for group in brief.get("quotes") or [] for q in group.get("quotes") or []]
    return [(item, {(s["article"], s["start"], s["end"]) for s in item.get("support") or []}) for item in items]


def test_changes_list_what_the_round_added_to_each_brief(watched):
    """Round two's report, item by item, against the briefs kept after rounds one and two: a fact is listed when it
    is corroborated now and none of its passages was in a corroborated fact before; a quote when none of its passages
    was quoted before; each listed item stands on a page of the second wave."""
    store, site, reports, _ = watched
    wave = {_page_url(site, n) for n in WAVES[1]}
    second = changes_since(store, reports[1].started)
    assert second["stories"] and changes_since(store, reports[2].started)["stories"] == []
    for kind, text in (("facts", lambda f: f["text"]), ("quotes", lambda q: q["text"])):
        before = set().union(*(p for b in BRIEFS[0].values() for _, p in _spans(b, kind)))
        for story in second["stories"]:
            after = _spans(BRIEFS[1][story["id"]], kind)
            expected = sorted(text(item) for item, p in after if not p & before)
            assert sorted(x["text"] for x in story[kind]) == expected, (story["id"], kind)
            assert all(any(a in wave for a, _, _ in p) for item, p in after if not p & before)
            if story["appeared"]:
                assert len(story[kind]) == len(after)  # a new story: everything in it is new
    for story in second["stories"]:
        conflicts = BRIEFS[1][story["id"]].get("conflicts") or []
        if story["appeared"]:
            assert len(story["conflicts"]) == len(conflicts)
        listed = {tuple(sorted(s["text"] for s in c["sides"])) for c in story["conflicts"]}
        assert all(any(s["article"] in wave for s in c["sides"]) for c in conflicts
                   if tuple(sorted(s["text"] for s in c["sides"])) in listed)
    election = next(s for s in second["stories"] if not s["appeared"])
    held = [item["text"] for item, _ in _spans(BRIEFS[1][election["id"]], "facts")]
    assert election["facts"] and len(election["facts"]) < len(held)  # facts corroborated before are not listed again
    assert {o for q in election["quotes"] for o in q["outlets"]} == {"harbourcourier.example"}  # the new page's outlet


def test_rounds_report_their_progress_and_close_with_a_summary(watched):
    _, _, reports, logs = watched
    first = STEPS[0]
    stages = list(dict.fromkeys(stage for stage, _, _ in first))
    assert stages[:2] == ["feeds", "pages"] and "ingest" in stages and "briefs" in stages
    feeds = [(done, total) for stage, done, total in first if stage == "feeds"]
    assert feeds[0] == (0, len(NewsSite.sources_count())) and feeds[-1] == (feeds[-1][1], feeds[-1][1])
    pages = [(done, total) for stage, done, total in first if stage == "pages"]
    assert pages[-1] == (reports[0].pages_new, reports[0].pages_new) and [d for d, _ in pages] == sorted(d for d, _ in pages)
    third = [(done, total) for stage, done, total in STEPS[2] if stage == "pages"]
    assert third[-1] == (reports[2].pages_new, reports[2].pages_new) and reports[2].pages_new < reports[0].pages_new  # retries only
    summary = logs[0][-1]
    assert f"{len(reports[0].pages_stored)} stored" in summary and "3 stories changed (3 new)" in summary  # with the fire of /busy
    assert "1 robots" in summary and "exit 1" in summary
    assert "0 stories changed (0 new)" in logs[2][-1] and "exit 1" in logs[2][-1]  # the failed pages tried a third time


class _Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise _Stop


def test_sigterm_while_a_round_commits_waits_until_its_summary_is_logged(tmp_path, monkeypatch):
    """systemctl stop landing after a round's commit, as its summary line is being written: that line is logged
    and the round saved, then the watcher stops (before, the stop cut in and the log lacked a round the store held)."""
    import os
    import signal

    from newsweave.watch.report import RoundReport

    summary = RoundReport.summary

    def stopped_while_summing_up(self):
        os.kill(os.getpid(), signal.SIGTERM)
        return summary(self)

    monkeypatch.setattr(RoundReport, "summary", stopped_while_summing_up)
    empty = tmp_path / "sources.txt"
    empty.write_text("", encoding="utf-8")
    lines: list[str] = []
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    store = open_store(tmp_path / "watch.db")
    try:
        with pytest.raises(_Stop):
            run_round([str(empty)], store, Settings(watch=WATCH), log=lines.append)
        assert WatchState.load(store).rounds == 1
    finally:
        signal.signal(signal.SIGTERM, previous)
        store.close()
    assert lines and lines[-1].startswith("round ")
