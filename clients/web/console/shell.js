// The frame every staff console shares, defined once: the top bar (the console's name, the
// connection status where the console shows it there, the language toggle, logout) and the
// sign-in section (a staff account's name and password, then either the first sign-in with a
// one-time code, or a service token). A console page leaves placeholders for them and this
// module fills them when it is loaded, so each console's start module imports it first, before
// any panel looks for the elements it builds:
//   <header data-shell="top" data-status="stopped">   data-status: the connection status, in its
//                                                       first state, stands in the top bar (mod)
//   <section data-shell="sign-in" data-with="token" data-card="mod-card" data-titled hidden>
//     data-with      "first-sign-in" (host) or "token" (mod, admin): the second way in
//     data-card      the class of each form (the console's card)
//     data-titled    the two ways in stand as equals: each form headed, both buttons primary
// The section keeps its own classes and `hidden`. Every text is a data-i18n key, filled by the
// console's translatePage from its catalogue (the shared words are in console/texts.js).

import { h } from "./dom.js";

const button = (props) => h("button", { class: "btn btn-quiet", type: "button", ...props });

/** label + input (+ a hint the input is described by, its id its key with hyphens), as a form field. */
function field(id, labelKey, input, hintKey) {
  const hint = hintKey && h("p", { id: hintKey.replaceAll("_", "-"), class: "hint", "data-i18n": hintKey });
  return h("div", { class: "field" },
    h("label", { for: id, "data-i18n": labelKey }),
    h("input", { id, ...input, "aria-describedby": hint ? hint.id : null }),
    hint);
}

const error = (id) => h("p", { id, class: "field-error", role: "alert" });
const submit = (props) => h("button", { class: "btn btn-primary", type: "submit", ...props });

function top(header) {
  header.classList.add("top");
  const status = header.dataset.status;
  header.append(
    h("h1", { class: "brand", "data-i18n": "app_name" }),
    h("div", { class: "top-actions" },
      status && h("span", { id: "conn-status", class: "conn-status", role: "status", "aria-live": "polite",
        "data-state": status }),
      button({ id: "lang-toggle", "data-i18n": "lang_toggle", "data-i18n-aria": "lang_toggle_label" }),
      button({ id: "logout", "data-i18n": "logout", hidden: true })));
}

/** A staff account's name and password; `errorInForm`, the sign-in's error when this is its only form. */
function accountForm(id, card, titled, errorInForm) {
  return h("form", { id, class: card, novalidate: true },
    titled && h("h3", { "data-i18n": "login_password_title" }),
    field("username", "username_label", { name: "username", type: "text", autocomplete: "username",
      autocapitalize: "off", spellcheck: "false", maxlength: 200, required: true }),
    field("password", "password_label", { name: "password", type: "password", autocomplete: "current-password",
      maxlength: 500, required: true }),
    errorInForm,
    submit({ id: "login-button", "data-i18n": "login_button" }));
}

function tokenForm(card, titled) {
  return h("form", { id: "token-form", class: card, novalidate: true },
    titled && h("h3", { "data-i18n": "login_token_title" }),
    field("service-token", "token_label", { name: "token", type: "password", autocomplete: "off",
      spellcheck: "false", maxlength: 500 }, "token_hint"),
    h("button", { class: titled ? "btn btn-primary" : "btn", type: "submit", "data-i18n": "token_button" }));
}

/** The first sign-in: the one-time code the secretariat gave and a new password, typed twice. */
function firstSignIn() {
  const password = { type: "password", autocomplete: "new-password", maxlength: 200 };
  return h("details", { id: "first-sign-in", class: "first-sign-in" },
    h("summary", { "data-i18n": "first_title" }),
    h("p", { class: "hint", "data-i18n": "first_lead" }),
    h("form", { id: "first-form", novalidate: true },
      field("first-code", "first_code_label", { type: "text", autocomplete: "one-time-code",
        autocapitalize: "characters", spellcheck: "false", maxlength: 40 }),
      field("first-password", "first_password_label", password, "first_password_hint"),
      field("first-password-again", "first_again_label", password),
      error("first-error"),
      submit({ "data-i18n": "first_button" })));
}

function signIn(section) {
  const { with: second, card } = section.dataset;
  const titled = "titled" in section.dataset;
  const withToken = second === "token";
  section.id = "login";
  section.classList.add("entry");
  section.setAttribute("aria-labelledby", "login-title");
  // With two forms the error speaks for both and stands above them; else it is the form's own.
  const loginError = error("login-error");
  const parts = [
    h("h2", { id: "login-title", "data-i18n": "login_title" }),
    h("p", { class: "lead", "data-i18n": "login_lead" }),
    withToken && loginError,
    accountForm(withToken ? "password-form" : "login-form", card, titled, !withToken && loginError),
    withToken ? tokenForm(card, titled) : firstSignIn(),
  ];
  section.append(...parts.filter(Boolean));
}

for (const header of document.querySelectorAll('[data-shell="top"]')) top(header);
for (const section of document.querySelectorAll('[data-shell="sign-in"]')) signIn(section);
