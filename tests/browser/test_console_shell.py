"""The three staff consoles (/host, /mod, /admin) show the same top bar and sign-in form, built from
one definition (clients/web/console/shell.js, issue 13): the pages hold only placeholders for them,
and every console has the same ids, labels, descriptions and tab order, in Japanese first."""
from __future__ import annotations

from typing import Any

from tests.support.browser import PHONE, T

CONSOLES = ("/host", "/mod", "/admin")

# What a staff member meets on each console's sign-in: the top bar's controls and the name-and-
# password form, each as (tag, id, its label or text, its accessible description, required).
SHAPE = """() => {
  const describe = (el) => [el.tagName, el.id,
    (el.labels && el.labels.length ? el.labels[0].textContent : el.textContent).trim(),
    el.getAttribute("aria-label") || "",
    el.required === true];
  const top = [...document.querySelectorAll("header.top h1, header.top button")].map(describe);
  const account = [...document.querySelector("#login form").querySelectorAll("input, button")].map(describe);
  return { top, account,
    labelledBy: document.getElementById("login").getAttribute("aria-labelledby"),
    title: document.getElementById("login-title").textContent,
    errorRole: document.getElementById("login-error").getAttribute("role") };
}"""


def test_the_three_consoles_share_one_top_bar_and_sign_in(server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=server.http)
    errors: list[str] = []
    shapes = {}
    try:
        for path in CONSOLES:
            source = context.request.get(path).text()
            assert 'data-shell="sign-in"' in source and 'id="username"' not in source, path  # a placeholder only
            assert 'id="lang-toggle"' not in source, path
            page = context.new_page()
            page.on("pageerror", lambda e, path=path: errors.append(f"{path}: {e}"))
            page.goto(path)
            expect(page.locator("#login")).to_be_visible(timeout=T)
            # The same keyboard path through the form: name, password, the button.
            page.focus("#username")
            page.keyboard.press("Tab")
            expect(page.locator("#password")).to_be_focused()
            page.keyboard.press("Tab")
            expect(page.locator("#login-button")).to_be_focused()
            expect(page.locator("#logout")).to_be_hidden()
            shape = page.evaluate(SHAPE)
            assert shape["labelledBy"] == "login-title" and shape["title"] and shape["errorRole"] == "alert", path
            shapes[path] = shape
            # the second way in: the host's first sign-in with a code, the staff's service token
            if path == "/host":
                expect(page.locator("#first-password")).to_have_attribute("aria-describedby", "first-password-hint")
                expect(page.locator("#first-form input")).to_have_count(3)
                expect(page.locator("#service-token")).to_have_count(0)
            else:
                expect(page.locator("#service-token")).to_have_attribute("aria-describedby", "token-hint")
                expect(page.locator("#first-sign-in")).to_have_count(0)
            # the moderators watch their connection from the top bar; the others have none there
            expect(page.locator("header.top #conn-status")).to_have_count(1 if path == "/mod" else 0)
            # English second, from the same shared words
            page.click("#lang-toggle")
            expect(page.locator("label[for=username]")).to_have_text("Username")
            expect(page.locator("#lang-toggle")).to_have_text("日本語")
            page.close()
    finally:
        context.close()

    host = shapes["/host"]
    assert [row[0:2] for row in host["top"]] == [["H1", ""], ["BUTTON", "lang-toggle"], ["BUTTON", "logout"]]
    assert host["top"][1][2:4] == ["English", "英語の表示に切り替える (Switch to English)"]
    assert host["top"][2][2] == "ログアウト"
    assert host["account"] == [["INPUT", "username", "ユーザー名", "", True], ["INPUT", "password", "パスワード", "", True],
                               ["BUTTON", "login-button", "ログイン", "", False]]
    for path in CONSOLES:
        # each console's own name in the brand; every other control alike
        assert shapes[path]["top"][0][2] and shapes[path]["top"][1:] == host["top"][1:], path
        assert shapes[path]["account"] == host["account"], path
    assert not errors, errors
