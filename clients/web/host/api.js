// The words for what went wrong, for HTTP answers (console/api.js) and socket replies alike.

import { t } from "./lang.js";

export function errorMessage(r) {
  if (r.status === 403) return t("error_forbidden");
  const m = r.body && r.body.error && r.body.error.message;
  return typeof m === "string" && m ? m : t("error_generic");
}

export function replyError(reply, failure, blockedKey) {
  if (!reply) return t(failure === "disconnected" ? "status_reconnecting" : "error_generic");
  if (reply.code === "blocked") return t(blockedKey);
  if (reply.code === "forbidden") return t("error_forbidden");
  return reply.message || t("error_generic");
}
