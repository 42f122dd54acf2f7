// The language of a page and how its texts are looked up: one rule for the
// visitor client and both consoles. Each client keeps its own texts file.

/** The language chosen earlier on this device (under `key`), or the default. */
export function storedLang(key, langs, fallback) {
  try {
    const v = localStorage.getItem(key);
    return langs.includes(v) ? v : fallback;
  } catch (_) {
    return fallback;
  }
}

/** The other language (ja ⇄ en), remembered on this device. */
export function toggleLang(key, lang) {
  const next = lang === "ja" ? "en" : "ja";
  try {
    localStorage.setItem(key, next);
  } catch (_) { /* no storage: the choice lasts for this page */ }
  return next;
}

/** t(key, {name: value}): the text in the current language, {placeholders} filled. */
export function translator(texts, fallback, current) {
  return (key, vars) => {
    let s = texts[current()][key] ?? texts[fallback][key] ?? key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
  };
}
