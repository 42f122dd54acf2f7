"""The lines `tsunagaru serve` prints when ready (server/banner.py); the process itself: tests/wire/test_commands.py."""
from __future__ import annotations

from server.banner import base_url, ready_text
from server.demo_accounts import DemoLogin


def test_a_wildcard_listen_address_is_shown_as_one_a_person_can_open() -> None:
    assert base_url("0.0.0.0", 8080) == "http://127.0.0.1:8080"
    assert base_url("::", 8080) == "http://[::1]:8080"
    assert base_url("::1", 9000) == "http://[::1]:9000"
    assert base_url("festival.example.jp", 80) == "http://festival.example.jp:80"


def test_every_page_is_listed_and_demo_passwords_only_when_there_are_some() -> None:
    plain = ready_text("http://127.0.0.1:8080", [])
    for path in ("/", "/host", "/mod", "/admin", "/apply", "/map"):
        assert f"http://127.0.0.1:8080{path} " in plain
    assert "password" not in plain
    demo = ready_text("http://127.0.0.1:8080", [DemoLogin("demo-host", "s3cret-pass-123", "host", "/host", "kawagoe-music")])
    assert "username demo-host  password s3cret-pass-123" in demo and "kawagoe-music" in demo
