"""What `tsunagaru serve` prints on standard output once it is ready: where each page is, and with
--demo how to sign in (the demo passwords are printed here once and never logged)."""
from __future__ import annotations

import ipaddress

from server.demo_accounts import DemoLogin

PAGES: tuple[tuple[str, str], ...] = (
    ("/", "来場者 / visitors"),
    ("/host", "ブース担当 / booth hosts"),
    ("/mod", "見守り / moderators"),
    ("/admin", "事務局 / the secretariat"),
    ("/apply", "入会の申し込み / membership applications"),
    ("/map", "地図 / public map"),
)


def base_url(host: str, port: int) -> str:
    """The address a person on this machine opens: a wildcard listen address is shown as loopback."""
    shown = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, host)
    try:
        if ipaddress.ip_address(shown).version == 6:
            shown = f"[{shown}]"
    except ValueError:
        pass  # a name, or already bracketed
    return f"http://{shown}:{port}"


def ready_text(base: str, logins: list[DemoLogin]) -> str:
    lines = ["つながる Tsunagaru: 準備ができました / ready"]
    width = max(len(base + path) for path, _ in PAGES)
    lines += [f"  {(base + path).ljust(width)}  {what}" for path, what in PAGES]
    if logins:
        lines.append("デモ用アカウント (起動ごとに新しいパスワード) / demo accounts (a new password at each start):")
        for login in logins:
            booth = f", booth {login.booth}" if login.booth else ""
            lines.append(f"  {base}{login.path}  username {login.username}  password {login.password}"
                         f"  ({login.role}{booth})")
    return "\n".join(lines) + "\n"
