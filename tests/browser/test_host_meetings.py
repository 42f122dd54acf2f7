"""Browser test of the members' meeting space on phones: the secretariat's panel in /admin
(clients/web/admin/meetings.js) and the members' space in /host (clients/web/host/space.js).

The secretariat schedules a meeting (an http video link is refused first) and posts a notice; the
demo host signs in at /host, reads the notice, sees the meeting, enters its room (the agenda and
links pinned), writes a line; the secretariat splits the room into groups and brings everyone back,
and the host's console follows.
"""
from __future__ import annotations

import datetime as dt

from rooms.jst import JST
from tests.support.accounts import create_host
from tests.support.api import call
from tests.support.browser import PHONE, SHOTS, T
from tests.support.host_console import sign_in, sign_in_with_token

ADMIN = "admin-secret-for-host-meetings-1"
USERNAME = "meeting-host"


def _local(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M")  # an <input type=datetime-local> value, in Japan's time


def test_the_secretariat_schedules_a_meeting_and_a_host_on_a_phone_enters_it_and_follows_the_breakout(
        server_factory, browser):
    from playwright.sync_api import expect

    server = server_factory({"STATIC_TOKENS": f"admin:{ADMIN}"})
    booths = call(server.http, "/api/booths")[1]["booths"]
    create_host(server, USERNAME, next(b for b in booths if b["slug"] == "kawagoe-music")["organization_id"])
    now = dt.datetime.now(JST)
    errors: list[str] = []
    secretariat = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http)
    member = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http)
    try:
        admin = secretariat.new_page()
        admin.on("pageerror", lambda e: errors.append(str(e)))
        admin.goto("/admin")
        sign_in_with_token(admin, ADMIN)
        panel = admin.locator("#meetings-section")
        expect(panel.locator("#meetings-none")).to_be_visible(timeout=T)
        admin.fill("#meeting-title", "12月 会員連絡会")
        admin.fill("#meeting-room", "renraku")
        admin.fill("#meeting-start", _local(now - dt.timedelta(minutes=5)))
        admin.fill("#meeting-end", _local(now + dt.timedelta(hours=2)))
        admin.fill("#meeting-agenda", "1. 事務局から報告\n2. 講演に続いてグループワーク")
        admin.fill("#meeting-video", "http://video.example.jp/j/8080")
        admin.fill("#meeting-link-title", "当日の資料")
        admin.fill("#meeting-link-url", "https://example.jp/slides.pdf")
        panel.get_by_role("button", name="予定する").click()
        expect(panel.locator("#meeting-error")).to_contain_text("video_url", timeout=T)  # http is refused
        admin.fill("#meeting-video", "https://video.example.jp/j/8080")
        panel.get_by_role("button", name="予定する").click()
        scheduled = panel.locator('#meetings li[data-room="staff:renraku"]')
        expect(scheduled).to_contain_text("12月 会員連絡会", timeout=T)
        admin.fill("#notice-title", "年末の事務局休業")
        admin.fill("#notice-body", "12/28〜1/4 はお休みします。")
        panel.get_by_role("button", name="お知らせを出す").click()
        expect(panel.locator("#notices")).to_contain_text("年末の事務局休業", timeout=T)

        page = member.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto("/host")
        sign_in(page, USERNAME)
        expect(page.locator("#conn-status")).to_have_attribute("data-state", "online", timeout=T)
        space = page.locator("#sec-space")
        expect(space.locator("#notice-list")).to_contain_text("年末の事務局休業", timeout=T)
        expect(space.locator("#meeting-list")).to_contain_text("12月 会員連絡会")
        space.get_by_role("button", name="「12月 会員連絡会」の会議室に入る").click()
        expect(space.locator("#space-room-title")).to_have_text("12月 会員連絡会", timeout=T)
        expect(space.locator("#space-pinned-agenda")).to_contain_text("講演に続いてグループワーク", timeout=T)
        video = space.get_by_role("link", name="ビデオ会議に参加する(別のサービス)")
        expect(video).to_have_attribute("href", "https://video.example.jp/j/8080")
        expect(space.get_by_role("link", name="当日の資料")).to_have_attribute("href", "https://example.jp/slides.pdf")
        page.fill("#space-say-text", "川越から参加しています")
        space.get_by_role("button", name="送る").click()
        expect(space.locator("#space-lines")).to_contain_text("川越から参加しています", timeout=T)
        expect(space.locator("#space-people")).to_contain_text(USERNAME)
        space.locator("#space-room").screenshot(path=str(SHOTS / "host-meeting-phone.png"))  # shorter than the screen

        scheduled.get_by_role("button", name="グループに分ける").click()
        expect(admin.locator("#toast")).to_have_text("1人を1つのグループに分けました。", timeout=T)
        expect(space.locator("#space-note")).to_have_text("グループワークのため、グループ1に移りました。", timeout=T)
        expect(space.locator("#space-room-title")).to_have_text("グループ1")
        expect(space.locator("#space-pinned-agenda")).to_contain_text("講演に続いてグループワーク", timeout=T)
        panel.locator("#meetings").evaluate(  # the list just below the sticky header
            "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 110)")
        admin.screenshot(path=str(SHOTS / "admin-meetings-phone.png"))
        scheduled.get_by_role("button", name="全員を戻す").click()
        expect(space.locator("#space-note")).to_have_text("全体の会議室に戻りました。", timeout=T)
        expect(space.locator("#space-room-title")).to_have_text("12月 会員連絡会")
        space.get_by_role("button", name="部屋を出る").click()
        expect(space.locator("#space-room")).to_be_hidden()
        assert errors == []
    finally:
        member.close()
        secretariat.close()
