// The campaign code of the entry URL (`/?c=sns-2026-12`): which advertisement brought this visit.
// Read once, kept in this page's memory only (no cookie, no storage), and taken out of the address
// bar so that a reload or a shared link from here does not count again. The server counts it only
// if the secretariat registered it (docs/secretariat.md, "Indicators and campaigns").

const CODE = /^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/;
let code;

/** The code this page was opened with, or null. */
export function entryCampaign() {
  if (code !== undefined) return code;
  code = null;
  try {
    const url = new URL(location.href);
    const given = url.searchParams.get("c");
    if (given === null) return code;
    if (CODE.test(given)) code = given;
    url.searchParams.delete("c");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  } catch (_) { /* no URL or history API: no code */ }
  return code;
}
