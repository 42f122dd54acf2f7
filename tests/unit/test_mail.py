"""The mail settings (server/mail.py): the code never goes in clear text to another machine."""
from __future__ import annotations

import pytest

from server.config import ConfigError, load
from server.mail import code_mail, smtp_settings


def test_mail_is_off_unless_set_and_tls_is_required_off_this_machine() -> None:
    assert smtp_settings("", "") is None
    assert smtp_settings("smtps://u:p%40ss@mail.example.jp", "office@example.jp").tls == "implicit"
    assert smtp_settings("smtps://u:p%40ss@mail.example.jp", "office@example.jp").password == "p@ss"
    assert smtp_settings("smtps://mail.example.jp", "office@example.jp").port == 465
    assert smtp_settings("smtp://mail.example.jp", "office@example.jp").tls == "starttls"
    assert smtp_settings("smtp://mail.example.jp", "office@example.jp").port == 587
    assert smtp_settings("smtp://127.0.0.1:25", "office@example.jp").tls == "none"  # a relay on this machine


@pytest.mark.parametrize("url,sender,says", [
    ("http://mail.example.jp", "office@example.jp", "smtp://"),
    ("smtp://", "office@example.jp", "no host"),
    ("smtp://mail.example.jp:port", "office@example.jp", "port"),
    ("smtp://mail.example.jp", "", "MAIL_FROM"),
    ("smtp://mail.example.jp", "office@example.jp\r\nBcc: x@y", "MAIL_FROM"),
])
def test_a_bad_mail_setting_stops_the_node_with_the_reason(url: str, sender: str, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        load({"SMTP_URL": url, "MAIL_FROM": sender})


def test_the_message_says_it_in_japanese_then_english_with_the_expiry_in_japan_time() -> None:
    settings = smtp_settings("smtp://127.0.0.1", "office@example.jp")
    assert settings is not None
    expires = 1_796_000_000_000  # 2026-11-30 09:53 JST
    message = code_mail(settings, "hanako@example.org", "host-minato", "ABCD-EFGH-JKLM", expires,
                        "https://festival.example.jp/host")
    body = message.get_content()
    assert body.index("ユーザー名: host-minato") < body.index("Username: host-minato")
    assert "2026年11月30日 09:53" in body and "2026-11-30 09:53 (JST)" in body
    assert body.count("ABCD-EFGH-JKLM") == 2 and "https://festival.example.jp/host" in body
