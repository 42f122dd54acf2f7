// The words the three staff consoles say alike, in their shared top bar and sign-in
// (console/shell.js), and the consoles' languages. Japanese first (the default), English second;
// both have the same keys. Each console's own texts.js holds the rest, and its words win where a
// key is in both (console/lang.js useTexts).

export const LANGS = ["ja", "en"];
export const DEFAULT_LANG = "ja";

export const CONSOLE_TEXTS = {
  ja: {
    lang_toggle: "English",
    lang_toggle_label: "英語の表示に切り替える (Switch to English)",
    logout: "ログアウト",
    username_label: "ユーザー名",
    password_label: "パスワード",
  },
  en: {
    lang_toggle: "日本語",
    lang_toggle_label: "日本語の表示に切り替える (Switch to Japanese)",
    logout: "Log out",
    username_label: "Username",
    password_label: "Password",
  },
};
