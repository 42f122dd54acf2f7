"""A new member's sign-in code by e-mail, when the operator configured a mail server.

No mail server is assumed (the secretariat's console shows the code once, to hand over by
phone or in person). With `SMTP_URL` and `MAIL_FROM` set, approving an application also sends
the code to the contact e-mail the applicant gave. The code is a credential, so it never
travels in clear text to another machine: `smtps://` is TLS from the start, `smtp://` must
upgrade with STARTTLS, and only a relay on this machine (`localhost`, `127.0.0.1`, `::1`) is
spoken to without TLS. A failed send is an answer (`mailed: false`), never a failed approval.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from rooms.jst import JST
from server.texts import say

LOOPBACK = ("localhost", "127.0.0.1", "::1")
SEND_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str  # "implicit" (smtps), "starttls" (smtp, required), "none" (a relay on this machine)
    sender: str
    username: str = ""
    password: str = field(default="", repr=False)


def smtp_settings(url: str, sender: str) -> SmtpSettings | None:
    """The mail server from `SMTP_URL` and `MAIL_FROM`, or None when mail is off; ValueError says what is wrong."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("SMTP_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ValueError("SMTP_URL names no host")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
    except ValueError:
        raise ValueError("SMTP_URL has a port that is not a number") from None
    if "@" not in sender or any(c in sender for c in "\r\n<>"):
        raise ValueError("MAIL_FROM must be an e-mail address when SMTP_URL is set")
    tls = "implicit" if parts.scheme == "smtps" else "none" if parts.hostname in LOOPBACK else "starttls"
    return SmtpSettings(parts.hostname, port, tls, sender, unquote(parts.username or ""), unquote(parts.password or ""))


def code_mail(settings: SmtpSettings, to: str, username: str, code: str, expires_ms: int,
              sign_in_url: str) -> EmailMessage:
    """The message: Japanese first, then English, each with the username, the code, its expiry and where to use it."""
    until = dt.datetime.fromtimestamp(expires_ms / 1000, JST)
    values = {"username": username, "code": code, "url": sign_in_url,
              "until_ja": f"{until.year}年{until.month}月{until.day}日 {until:%H:%M}",
              "until_en": f"{until:%Y-%m-%d %H:%M} (JST)"}
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = f"{say('code_mail_subject', 'ja')} / {say('code_mail_subject', 'en')}"
    message.set_content(say("code_mail_body", "ja", values) + "\n\n----\n\n" + say("code_mail_body", "en", values))
    return message


async def send(settings: SmtpSettings, message: EmailMessage) -> str | None:
    """Send; None when the server took it, else a short reason for the log and the audit trail."""
    import aiosmtplib  # here: a node without SMTP never loads it

    try:
        await aiosmtplib.send(message, hostname=settings.host, port=settings.port,
                              username=settings.username or None, password=settings.password or None,
                              use_tls=settings.tls == "implicit", start_tls=settings.tls == "starttls",
                              timeout=SEND_TIMEOUT_S)
    except (aiosmtplib.SMTPException, OSError) as exc:
        return type(exc).__name__
    return None
