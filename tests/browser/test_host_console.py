"""Browser tests of the booth host console (clients/web/host/) against a real server.

The server runs with its demo directory (30 booths); a host account is made
for the organisation of the demo booth "kawagoe-music" with the operator's
command line, exactly as tests/test_wire_booths.create_host does. The host
drives the console in the system Chromium; visitors speak the wire protocol
(tests/wsclient.WireClient, run on an event loop in a helper thread because
Playwright's sync API owns the test's thread).
"""
from __future__ import annotations

import asyncio
import json
import threading
import urllib.parse
from typing import Any, Coroutine, Iterator, TypeVar

import pytest

from tests.support.accounts import create_host
from tests.support.api import call
from tests.support.browser import DESKTOP, PHONE, SHOTS, T
from tests.support.host_console import BLOCKED_JA, ROOM, SLUG, Host, demo_festival
from tests.support.wsclient import WireClient

R = TypeVar("R")


class Loop:
    """An asyncio loop on its own thread, for the wire clients."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, R], timeout: float = 15) -> R:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        async def cancel_all() -> None:  # sockets a failed test left open
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        try:
            self.run(cancel_all(), 5)
        except Exception:  # noqa: BLE001  (cleanup only)
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture
def loop() -> Iterator[Loop]:
    lp = Loop()
    try:
        yield lp
    finally:
        lp.close()


@pytest.fixture
def festival(server_factory):
    return demo_festival(server_factory)


def _question(page: Any, text: str) -> Any:
    return page.locator("#qa-list li.qa-item", has=page.locator(".qa-text", has_text=text))


def test_a_host_answers_a_visitors_question_and_the_visitor_sees_the_answer(festival, browser, loop):
    from playwright.sync_api import expect

    host = Host(browser, festival.http, DESKTOP)
    try:
        # A wrong password is told kindly and keeps the form.
        host.login(password="not the password")
        expect(host.page.locator("#login-error")).to_have_text("ユーザー名かパスワードが違います。", timeout=T)
        host.login()
        host.wait_online()
        page = host.page
        expect(page.locator("#booth-title")).to_have_text("音楽であそぼう")
        assert page.evaluate("sessionStorage.getItem('tsunagaru.host')")  # the token: this tab only
        assert not page.evaluate("localStorage.getItem('tsunagaru.host')")

        async def visitor_asks() -> tuple[WireClient, str]:
            v = await WireClient.hello(festival.url, "ゆい", age_band="15-17")
            assert (await v.request({"t": "join", "room": ROOM}))["t"] == "ok"
            asked = await v.request({"t": "qa.ask", "room": ROOM, "text": "楽器がなくても参加できますか?"})
            assert asked["t"] == "ok"
            return v, asked["id"]

        visitor, qid = loop.run(visitor_asks())
        # The visitor shows up among the people in the booth, with its role.
        expect(page.locator("#member-list .member[data-role=visitor] .member-nick")).to_have_text("ゆい", timeout=T)
        expect(page.locator("#visitor-count")).to_have_text("来場者 1人")
        question = _question(page, "楽器がなくても参加できますか?")
        expect(question).to_be_visible(timeout=T)

        # An answer with a phone number is blocked: the host is told kindly, the visitor gets nothing.
        question.locator("textarea").fill("電話は 090-1234-5678 へどうぞ")
        question.locator("button.qa-send").click()
        expect(question.locator(".qa-error")).to_contain_text(BLOCKED_JA, timeout=T)
        got = loop.run(visitor.quiet(0.6))
        assert not [m for m in got if m["t"] == "qa.answered"], got
        expect(question).to_be_visible()

        # A proper answer reaches the visitor and leaves the queue.
        question.locator("textarea").fill("もちろん!楽器は貸し出します")
        question.locator("button.qa-send").click()
        shown = loop.run(visitor.expect("qa.answered"))
        assert shown["id"] == qid and shown["answer"] == "もちろん!楽器は貸し出します"
        assert shown["question"] == "楽器がなくても参加できますか?"
        expect(page.locator("#qa-list li")).to_have_count(0, timeout=T)
        expect(page.locator("#qa-empty")).to_be_visible()

        # The visitor leaves: the count follows.
        loop.run(visitor.close())
        expect(page.locator("#visitor-count")).to_have_text("来場者 0人", timeout=T)
        assert not host.errors, host.errors
    finally:
        host.close()


def test_a_visitor_completes_a_handoff_and_the_host_sees_it_arrive(festival, browser, loop):
    from playwright.sync_api import expect

    status, page_body, _ = call(festival.http, "/hsds/services?" + urllib.parse.urlencode({"organization_id": festival.org}))
    assert status == 200 and page_body["contents"]
    service_id = page_body["contents"][0]["id"]
    service_name = page_body["contents"][0]["name"]
    assert page_body["contents"][0]["organization"]["id"] == festival.org

    host = Host(browser, festival.http, PHONE)
    try:
        host.login()
        host.wait_online()
        page = host.page
        expect(page.locator("#handoff-empty")).to_be_visible(timeout=T)

        # A visitor in the booth asks something, for a fuller screenshot.
        async def visitor_asks() -> WireClient:
            v = await WireClient.hello(festival.url, "はる")
            await v.request({"t": "join", "room": ROOM})
            await v.request({"t": "qa.ask", "room": ROOM, "text": "見学だけでも大丈夫?"})
            return v

        visitor = loop.run(visitor_asks())
        expect(_question(page, "見学だけでも大丈夫?")).to_be_visible(timeout=T)

        # The visitor takes a ticket over HTTP; the inbox updates without a reload (the /ws notice).
        status, ticket, _ = call(festival.http, "/api/handoff",
                                 json.dumps({"service_id": service_id, "mode": "self_connect",
                                             "age": 17, "municipality": "112011"}).encode())
        assert status == 201 and ticket["status"] == "requested", ticket
        code = ticket["code"]
        item = page.locator(f"#handoff-list li.handoff[data-code='{code}']")
        expect(item).to_be_visible(timeout=T)
        expect(item).to_have_attribute("data-status", "requested")
        expect(item.locator(".code")).to_have_text(code)
        expect(item.locator(".handoff-service")).to_have_text(service_name)  # which activity the ticket is for
        expect(item.locator("button[data-action=accept]")).to_have_text("受け付ける")

        # A live referral shows what the visitor chose to share, as text.
        referral = {"service_id": service_id, "mode": "live_referral", "age": 18, "municipality": "112011",
                    "consent": {"nickname": "<b>はる</b>", "contact": {"channel": "in_app", "value": "はる@つながる"}}}
        status, shared, _ = call(festival.http, "/api/handoff", json.dumps(referral).encode())
        assert status == 201, shared
        other = page.locator(f"#handoff-list li.handoff[data-code='{shared['code']}']")
        expect(other.locator(".shared")).to_contain_text("<b>はる</b>", timeout=T)
        expect(other.locator(".shared")).to_contain_text("連絡先（アプリ内）")
        assert other.locator(".shared b").count() == 0
        expect(item.locator(".shared")).to_have_count(0)  # a ticket shares nothing
        other.locator("button[data-action=propose]").click()
        other.locator(".subform input[type=datetime-local]").fill("2026-12-12T14:00")
        other.locator(".subform button[type=submit]").click()
        expect(other).to_have_attribute("data-status", "accepted", timeout=T)
        expect(other.locator(".facts").first).to_contain_text("14:00")
        status, seen, _ = call(festival.http, f"/api/handoff/{shared['code']}")
        assert seen["proposed_ms"] == 1_797_051_600_000  # 2026-12-12 14:00 in Japan

        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "host-phone.png"))

        # Declining needs a reason: the host is told when none is given.
        item.locator("button[data-action=decline]").click()
        item.locator(".subform button[type=submit]").click()
        expect(item.locator(".field-error").last).to_have_text("理由を選ぶか書いてください。")
        item.locator(".subform .btn-quiet").click()

        # The visitor arrives and shows the code: 来場確認 makes it in-progress.
        page.fill("#redeem-code", code.lower())
        page.get_by_role("button", name="来場確認").click()
        expect(page.locator("#redeem-result")).to_have_text(f"{code} の来場を確認しました。", timeout=T)
        expect(item).to_have_attribute("data-status", "in-progress", timeout=T)
        expect(item.locator(".badge.status")).to_have_text("来場済み（対応中）")
        status, seen, _ = call(festival.http, f"/api/handoff/{code}")
        assert seen["status"] == "in-progress"

        page.set_viewport_size(DESKTOP)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / "host-desktop.png"))

        # Failing needs a reason too; with one, the handoff leaves the open inbox.
        item.locator("button[data-action=fail]").click()
        item.locator(".subform select").select_option("fail_no_show")
        item.locator(".subform button[type=submit]").click()
        expect(item).to_have_count(0, timeout=T)
        status, seen, _ = call(festival.http, f"/api/handoff/{code}")
        assert seen["status"] == "failed"
        loop.run(visitor.close())
        assert not host.errors, host.errors
    finally:
        host.close()


def test_a_host_edits_the_booth_presents_and_announces(festival, browser, loop):
    from playwright.sync_api import expect

    async def visitor_in() -> WireClient:
        v = await WireClient.hello(festival.url, "そら")
        await v.request({"t": "join", "room": ROOM})
        await v.expect("booth.state")
        return v

    visitor = loop.run(visitor_in())
    host = Host(browser, festival.http, PHONE)
    try:
        host.login()
        host.wait_online()
        page = host.page
        # A reload keeps the login (sessionStorage) and opens the console again.
        page.reload()
        host.wait_online()

        page.fill("#edit-title", "音楽であそぼう <b>2</b>")
        expect(page.locator("#edit-title-en")).to_have_value("Music corner")  # the English name, a field of its own
        page.fill("#edit-title-en", "Music corner 2")
        page.click("#edit-add")
        page.fill("#item-0-title", "練習風景")
        page.fill("#item-0-url", "javascript:alert(1)")
        page.click("#edit-form button[type=submit]")
        expect(page.locator("#edit-problems")).to_contain_text("items[0].url", timeout=T)
        page.fill("#item-0-url", "https://example.jp/practice")
        page.click("#edit-form button[type=submit]")
        expect(page.locator("#edit-result")).to_have_text("保存しました。ブースの来場者にもすぐ反映されます。", timeout=T)
        expect(page.locator("#booth-title")).to_have_text("音楽であそぼう <b>2</b>")  # text, never markup
        pushed = loop.run(visitor.expect("booth.state"))
        assert pushed["items"][0]["title"] == "練習風景"
        assert (pushed["title"], pushed["title_en"]) == ("音楽であそぼう <b>2</b>", "Music corner 2")

        page.select_option("#present-select", "i1")
        page.click("#present-form button[type=submit]")
        expect(page.locator("#present-result")).to_have_text("「練習風景」を紹介しています。", timeout=T)
        assert loop.run(visitor.expect("booth.state"))["presenting"] == "i1"

        page.fill("#announce-text", "14時からミニライブ!")
        page.click("#announce-form button[type=submit]")
        expect(page.locator("#announce-result")).to_have_text("お知らせしました。", timeout=T)
        state = loop.run(visitor.expect("booth.state"))
        assert state["announcements"][-1]["text"] == "14時からミニライブ!"
        expect(page.locator("#announce-recent")).to_contain_text("14時からミニライブ!")

        page.fill("#announce-text", "電話は 090-1234-5678")
        page.click("#announce-form button[type=submit]")
        expect(page.locator("#announce-result")).to_contain_text(BLOCKED_JA, timeout=T)

        # English on request; the same console.
        page.click("#lang-toggle")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#redeem-form button[type=submit]")).to_have_text("Confirm visit")
        page.click("#lang-toggle")

        page.click("#logout")
        expect(page.locator("#login")).to_be_visible(timeout=T)
        assert not page.evaluate("sessionStorage.getItem('tsunagaru.host')")
        assert call(festival.http, "/api/handoff/inbox", token=festival.host_token)[0] == 200  # another login's token
        loop.run(visitor.close())
        assert not host.errors, host.errors
    finally:
        host.close()



def test_a_host_edits_the_organisations_activities(festival, browser):
    from playwright.sync_api import expect

    def org_now() -> dict[str, Any]:
        status, org, _ = call(festival.http, f"/hsds/organizations/{festival.org}")
        assert status == 200
        return org

    def services_now() -> list[dict[str, Any]]:
        status, found, _ = call(festival.http, "/hsds/services?" + urllib.parse.urlencode(
            {"organization_id": festival.org, "per_page": 100}))
        assert status == 200
        return found["contents"]

    before_org, before = org_now(), services_now()
    assert len(before) >= 2
    target = next(s for s in before if any(x.get("description") for x in s.get("schedules") or []))
    sid = target["id"]
    hours = [x["description"] for x in target["schedules"] if x.get("description")]

    host = Host(browser, festival.http, DESKTOP)
    try:
        host.login()
        host.wait_online()
        page = host.page
        section = page.locator("#sec-activities")
        expect(section.locator("h3")).to_have_text("わたしたちの活動")
        expect(section.locator("#org-name")).to_have_text(before_org["name"], timeout=T)
        expect(section.locator("li.svc")).to_have_count(len(before), timeout=T)
        card = section.locator(f"li.svc[data-id='{sid}']")
        expect(card.locator("input[data-field=name]")).to_have_value(target["name"])
        expect(card.locator("select[data-field=status]")).to_have_value("active")
        words = card.locator(".svc-hours .sched-words input").evaluate_all("(ns) => ns.map((n) => n.value)")
        kept = card.locator(".svc-hours .sched-row[data-kind=other] .hint").all_inner_texts()
        assert set(hours) <= set(words + kept)  # the opening hours, each row in its editor (or shown as imported)

        # A phone number in a description is refused kindly; the field is pointed at; the server keeps the old one.
        card.locator("textarea[data-field=description]").fill("くわしくは 090-1234-5678 までお電話ください")
        page.click("#org-save")
        expect(page.locator("#org-problems")).to_contain_text(BLOCKED_JA, timeout=T)
        expect(page.locator("#org-problems")).to_contain_text(f"{target['name']}」 説明")
        expect(card.locator("textarea[data-field=description]")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#org-result")).to_have_text("")
        assert services_now() == before and org_now() == before_org

        # A new activity needs a name: said before anything is sent.
        page.click("#svc-add")
        new = section.locator("li.svc[data-new=yes]")
        expect(new).to_have_count(1)
        expect(new.locator("input[data-field=name]")).to_be_focused()
        expect(new.locator(".svc-hours")).to_contain_text("時間は未設定")
        page.click("#org-save")
        expect(page.locator("#org-problems")).to_contain_text("名前を入れてください。", timeout=T)
        expect(new.locator("input[data-field=name]")).to_be_focused()

        # A strict import's report is listed next to the form, on the field it names (the server stubbed once).
        index = section.locator("li.svc").evaluate_all(f"(ls) => ls.findIndex((l) => l.dataset.id === {json.dumps(sid)})")
        report = {"organizations": 1, "committed": False, "rejected": [
            {"path": f"$[0].services[{index}].minimum_age", "code": "bad_age", "message": "minimum_age must be a whole number"}]}
        page.route("**/api/organizations/**", lambda route: route.fulfill(
            status=422, content_type="application/json", body=json.dumps(report)))
        new.locator("input[data-field=name]").fill("仮の名前")
        page.click("#org-save")
        expect(page.locator("#org-problems")).to_contain_text("直すところがあります", timeout=T)
        expect(page.locator("#org-problems li")).to_have_text(
            f"活動 {index + 1}「{target['name']}」 何歳から: minimum_age must be a whole number")
        expect(card.locator("input[data-field=minimum_age]")).to_have_attribute("aria-invalid", "true")
        expect(card.locator("input[data-field=minimum_age]")).to_be_focused()
        page.unroute("**/api/organizations/**")
        assert services_now() == before

        # The host rewrites the description and names the new activity; saving sends the whole organisation.
        card.locator("textarea[data-field=description]").fill("初心者歓迎 <b>楽器の貸し出し</b>あり")
        new.locator("input[data-field=name]").fill("親子で音楽体験 <i>はじめて</i>")
        new.locator("textarea[data-field=description]").fill("小学生と保護者の方向けの体験会です。")
        new.locator("input[data-field=minimum_age]").fill("6")
        new.locator("input[data-field=maximum_age]").fill("12")
        new.locator("input[data-field=fees_description]").fill("無料")
        page.click("#org-save")
        expect(page.locator("#org-result")).to_have_text("保存しました。", timeout=T)
        expect(page.locator("#org-problems")).to_be_empty()
        expect(section.locator("li.svc")).to_have_count(len(before) + 1, timeout=T)
        expect(section.locator("li.svc[data-new=yes]")).to_have_count(0)  # reloaded from the server
        assert section.locator("#svc-list b, #svc-list i").count() == 0  # text, never markup

        status, saved, _ = call(festival.http, f"/hsds/services/{sid}")
        assert status == 200 and saved["description"] == "初心者歓迎 <b>楽器の貸し出し</b>あり"
        assert saved["schedules"] == target["schedules"] and saved["name"] == target["name"]
        after = {s["id"]: s for s in services_now()}
        assert set(after) > {s["id"] for s in before}
        added = [s for s in after.values() if s["name"] == "親子で音楽体験 <i>はじめて</i>"]
        assert len(added) == 1, after.keys()
        added = added[0]
        assert added["id"].startswith(f"{festival.org}-svc-")
        assert added["organization"]["id"] == festival.org and added["status"] == "active"
        assert (added["description"], added["fees_description"]) == ("小学生と保護者の方向けの体験会です。", "無料")
        assert (added["minimum_age"], added["maximum_age"]) == (6, 12)
        first_location = before_org["locations"][0]["id"]
        assert [x["location_id"] for x in added["service_at_locations"]] == [first_location]
        for s in before:  # nothing else changed
            if s["id"] != sid:
                assert after[s["id"]] == s
        assert org_now()["locations"] == before_org["locations"]
        expect(section.locator(f"li.svc[data-id='{added['id']}'] input[data-field=name]")).to_have_value(added["name"])

        # English on request: the same section.
        page.click("#lang-toggle")
        expect(section.locator("h3")).to_have_text("Our activities")
        expect(page.locator("#svc-add")).to_have_text("Add an activity")
        page.click("#lang-toggle")
        assert not host.errors, host.errors
    finally:
        host.close()



def test_a_host_edits_an_activitys_hours_through_the_import_checks(festival, browser):
    """The schedule editor: weekly days, closed on public holidays, 年末年始, capacity; what is missing is said
    before sending, what the import refuses is listed; once saved, /api/events shows the occurrences."""
    from playwright.sync_api import expect

    status, found, _ = call(festival.http, "/hsds/services?" + urllib.parse.urlencode(
        {"organization_id": festival.org, "per_page": 100}))
    target = next(s for s in found["contents"] if s.get("x_kind") in ("event", "activity"))  # one with occurrences
    sid = target["id"]
    host = Host(browser, festival.http, PHONE)
    try:
        host.login()
        host.wait_online()
        page = host.page
        card = page.locator(f"#sec-activities li.svc[data-id='{sid}']")
        expect(card).to_have_count(1, timeout=T)
        before = card.locator(".sched-row").count()
        card.locator(".sched-add button", has_text="+ 毎週").click()
        row = card.locator(".sched-row").nth(before)
        expect(row).to_have_attribute("data-kind", "weekly")
        page.click("#org-save")  # no day, no times: said before anything is sent
        expect(page.locator("#org-problems")).to_contain_text("曜日を1つ以上えらんでください。", timeout=T)
        expect(page.locator("#org-problems")).to_contain_text("開始と終了の時刻を入れてください。")
        row.locator("input[value=TU]").check()
        row.locator("input[value=TH]").check()
        row.locator("input[type=time]").nth(0).fill("16:00")
        row.locator("input[type=time]").nth(1).fill("19:00")
        row.get_by_label("祝日はお休み").check()
        row.locator(".sched-words input").fill("火・木 16時〜19時(祝日休み)")
        card.locator(".sched-add button", has_text="+ 年末年始休み").click()
        card.locator(".sched-add button", has_text="+ 日付").click()
        dates = card.locator(".sched-row").last
        dates.locator("input[type=date]").nth(0).fill("2026-12-20")
        dates.locator("input[type=date]").nth(1).fill("2026-12-19")
        dates.locator("input[type=time]").nth(0).fill("10:00")
        dates.locator("input[type=time]").nth(1).fill("12:00")
        card.get_by_label("定員(人)").fill("12")
        page.click("#org-save")  # the end before the start: the import refuses it, by field
        expect(page.locator("#org-problems")).to_contain_text("valid_to", timeout=T)
        assert call(festival.http, f"/hsds/services/{sid}")[1]["schedules"] == target.get("schedules", [])
        dates.locator("input[type=date]").nth(1).fill("2026-12-20")
        card.locator(".svc-hours").screenshot(path=str(SHOTS / "host-schedule-editor-phone.png"))
        page.click("#org-save")
        expect(page.locator("#org-result")).to_have_text("保存しました。", timeout=T)

        status, saved, _ = call(festival.http, f"/hsds/services/{sid}")
        added = saved["schedules"][before:]
        assert [(r.get("freq"), r.get("byday"), r.get("opens_at"), r.get("x_holidays")) for r in added[:1]] == [
            ("WEEKLY", "TU,TH", "16:00:00+09:00", "closed")]
        assert added[1]["x_annual"] == "12-29/01-03" and added[1]["x_closed"] is True
        assert (added[2]["valid_from"], added[2]["valid_to"]) == ("2026-12-20", "2026-12-20")
        assert saved["capacities"][0]["maximum"] == 12
        status, week, _ = call(festival.http, "/api/events?from=2026-11-01&to=2026-11-07&per_page=200")
        mine = [e["start"] for e in week["contents"] if e.get("service_id") == sid]
        assert "2026-11-03T16:00:00+09:00" not in mine and "2026-11-05T16:00:00+09:00" in mine  # 文化の日
        assert not host.errors, host.errors
    finally:
        host.close()


def test_a_host_puts_the_booths_live_sessions_on_the_programme(festival, browser):
    """The booth's live sessions, in the same editor: saved with the booth, then festival events."""
    from playwright.sync_api import expect

    host = Host(browser, festival.http, PHONE)
    try:
        host.login()
        host.wait_online()
        page = host.page
        live = page.locator("#edit-live")
        live.locator(".sched-add button", has_text="+ 毎週").click()
        row = live.locator(".sched-row").last
        row.locator("input[value=SA]").check()
        page.locator("#edit-form button[type=submit]").click()  # no times yet: said before sending
        expect(page.locator("#edit-problems")).to_contain_text("開始と終了の時刻を入れてください。", timeout=T)
        row.locator("input[type=time]").nth(0).fill("13:00")
        row.locator("input[type=time]").nth(1).fill("14:00")
        row.locator(".sched-words input").fill("土曜のミニライブ")
        page.locator("#edit-form button[type=submit]").click()
        expect(page.locator("#edit-result")).to_contain_text("保存しました。", timeout=T)
        status, found, _ = call(festival.http, "/api/events?source=festival&from=2026-12-01&to=2026-12-07")
        assert [(e["booth"], e["start"], e["note"]) for e in found["contents"]] == [
            (SLUG, "2026-12-05T13:00:00+09:00", "土曜のミニライブ")]
        assert not host.errors, host.errors
    finally:
        host.close()


def test_a_member_without_a_booth_keeps_its_listing_and_the_members_space(festival, browser):
    """Approved without a booth: /host opens as the member's page (no sign-out), the booth's panels are left out."""
    from playwright.sync_api import expect


    _, booths, _ = call(festival.http, "/api/booths")
    with_booth = {b["organization_id"] for b in booths["booths"]}
    _, orgs, _ = call(festival.http, "/hsds/organizations?per_page=100")
    org = next(o for o in orgs["contents"] if o["id"] not in with_booth)
    create_host(festival, "no-booth-host", org["id"])

    host = Host(browser, festival.http, PHONE)
    try:
        host.login("no-booth-host")
        host.wait_online()
        page = host.page
        expect(page.locator("#booth-title")).to_have_text("会員のページ")
        expect(page.locator("#no-booth-note")).to_be_visible()
        for booth_only in ("#sec-qa", "#sec-announce", "#sec-members", "#sec-edit", "#booth-open"):
            expect(page.locator(booth_only)).to_be_hidden()
        expect(page.locator("#sec-activities #org-name")).to_have_text(org["name"], timeout=T)
        expect(page.locator("#sec-space")).to_be_visible()
        page.reload()  # the sign-in is kept: nothing was forgotten for want of a booth
        host.wait_online()
        expect(page.locator("#booth-title")).to_have_text("会員のページ")
        assert host.errors == []
    finally:
        host.close()
