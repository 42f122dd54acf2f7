"""Every HTTP route of a node, in one table: method, path, handler, who may call it, what it takes and answers.

A subject with many routes keeps its part in `routes_<subject>.py` (for example `routes_cases.py`);
`ROUTES` below joins them, so this file still lists every part.

`server/app.py` calls `register(app)`; `GET /api/openapi.json` is generated from the same
table (`server/http/openapi.py`). To add a route, add a line here: nothing else registers one.
Errors are always `{"error": {"code", "message", "detail"?}}`; 401/403 answers follow from `access`.
"""
from __future__ import annotations

from functools import partial
from typing import Any

from aiohttp import web

from server.http import audit, auth, booths, directory, events, finder, handoff, health, moderation_actions
from server.http import openapi
from server.http.routes_cases import CASES
from server.http.routes_directory_health import DIRECTORY_HEALTH
from server.http.routes_meetings import MEETINGS
from server.http.routes_indicators import INDICATORS
from server.http.routes_matching import MATCHING
from server.http import members, staff_accounts
from server.http import models_members as mb
from server.http import models_finder as f
from server.http import models as m
from server.http import models_directory as d
from server.http import models_events as ev
from server.http.access import BEARER, METRICS, guarded
from server.http.shared_replies import (ADMINS, BAD_BODY, BAD_QUERY, CROSS_SITE, LIMITED, MODERATORS, NOT_FOUND,
                                        REFUSED, TOO_LARGE, UNAVAILABLE)
from server.http.route import GET, JSON, POST, PUT, Body, Reply, Route, body, err, ok, query_names, refusing_unknown_query
from server.ws import gateway

IMPORT_OR_REPORT = Reply("The file as a whole was refused (Error), or strict found problems (ImportReport with "
                         "committed=false); nothing was imported", {JSON: (d.Error, d.ImportReport)})
SEARCH_TEXT = "Every filter given must match (AND). Inactive services are never listed."

DIRECTORY = [
    GET("/hsds/", directory.api_info, "HSDS API information", "directory", replies={200: ok(d.ApiInfo, "Version and profile")}),
    GET("/hsds/services", directory.services, "Search services", "directory", params=(d.ServicesQuery,),
        description=SEARCH_TEXT, replies={200: ok(d.HsdsPage[d.Service], "A page of services, ordered by name"), **BAD_QUERY}),
    GET("/hsds/services/{id}", directory.service, "One service", "directory", params=(d.DocumentIdPath,),
        replies={200: ok(d.Service, "The service"), **NOT_FOUND}),
    GET("/hsds/organizations", directory.organizations, "List organizations", "directory", params=(d.OrganizationsQuery,),
        replies={200: ok(d.HsdsPage[d.Organization], "A page of organizations, ordered by name"), **BAD_QUERY}),
    GET("/hsds/organizations/{id}", directory.organization, "One organization with its locations and services",
        "directory", params=(d.DocumentIdPath,), replies={200: ok(d.OrganizationDetail, "The organization"), **NOT_FOUND}),
    GET("/hsds/taxonomy_terms", directory.taxonomy_terms, "The controlled vocabulary", "directory",
        params=(d.TermsQuery,), replies={200: ok(d.HsdsPage[d.TaxonomyTerm], "A page of terms, ordered by id"), **BAD_QUERY}),
    GET("/api/map.geojson", directory.map_geojson, "Services on the map", "directory", params=(d.SearchQuery,),
        description="Same filters as /hsds/services, unpaged. Hidden and virtual places are never shown; "
                    "each point honours its x_coordinate_precision.",
        replies={200: ok(d.FeatureCollection, "One Point per shown (service, location)", "application/geo+json"),
                 **BAD_QUERY}),
    GET("/api/consult", finder.consult, "Consultation windows for a life stage, worries and a municipality",
        "directory", params=(f.ConsultQuery,), description=finder.CONSULT_TEXT,
        replies={200: ok(f.ConsultWindows, "National and local windows together, open now first"), **BAD_QUERY}),
    GET("/api/municipalities", finder.municipalities, "Every municipality with its reference point", "directory",
        replies={200: ok(f.Municipalities, "The bundled table (cached for a day)")}),
    GET("/api/map/settings", finder.map_settings, "The public map's tile source", "directory",
        replies={200: ok(f.MapSettings, "The tile source, or none")}),
    POST("/api/directory/import", directory.import_file, "Import a file into the directory (admins)", "directory",
         access=ADMINS, params=(d.ImportQuery,),
         body=Body({JSON: Any, "text/csv": str, "application/octet-stream": d.Binary},
                   description=f"The file, at most {directory.MAX_IMPORT_BYTES} bytes"),
         replies={200: ok(d.ImportReport, "Imported; rejected rows are listed"), **BAD_QUERY, **TOO_LARGE,
                  422: IMPORT_OR_REPORT}),
    PUT("/api/organizations/{id}", directory.edit_organization, "Replace one organization (its hosts, or an admin)",
        "directory", access=BEARER, params=(d.DocumentIdPath,),
        body=body(d.OrganizationEdit, f"At most {directory.MAX_EDIT_BYTES} bytes; its id must be the one in the path"),
        replies={200: ok(d.ImportReport, "Replaced"), **BAD_BODY, **TOO_LARGE,
                 422: Reply("Blocked by moderation (Error) or not valid (ImportReport)",
                            {JSON: (d.Error, d.ImportReport)})}),
]

EVENTS_TEXT = ("Occurrences, not services: each event's schedule expanded day by day with public holidays, closures "
               "and special days applied, in time order. Events are directory services of kind `event` or `activity` "
               "and, with source `festival`, the booths' live sessions. Unknown parameters are a 400 naming the known ones.")
TOO_MANY = {400: err("A parameter cannot be used, or more than 2000 occurrences: `error.detail` says which")}
EVENTS = [
    GET("/api/events", events.list_events, "Events day by day", "events", params=(ev.EventsQuery,),
        description=EVENTS_TEXT, replies={200: ok(d.HsdsPage[ev.EventOccurrence], "A page of occurrences"),
                                          **BAD_QUERY}),
    GET("/api/events.ics", events.events_ics, "The same events as an iCalendar feed (RFC 5545)", "events",
        params=(ev.EventsFeedQuery,), description="One VEVENT per occurrence, times in UTC, stable UIDs.",
        replies={200: ok(str, "iCalendar", "text/calendar"), **TOO_MANY}),
    GET("/api/events.csv", events.events_csv_export, "The same events as the 自治体標準オープンデータセット イベント一覧 CSV",
        "events", params=(ev.EventsFeedQuery,),
        description="One row per occurrence, every column of the standard layout, UTF-8 with BOM; our importer "
                    "(`format=ods-event`) reads it back.",
        replies={200: ok(str, "CSV", "text/csv"), **TOO_MANY}),
    GET("/events/{id}", events.event_page, "An event's public page with schema.org Event JSON-LD", "events",
        params=(ev.EventIdPath,),
        replies={200: ok(str, "HTML, Japanese first", "text/html"),
                 404: ok(str, "HTML: no such occurrence (any more)", "text/html")}),
]

BOOTHS = [
    GET("/api/booths", booths.list_booths, "All booths and whether they are open", "booths",
        replies={200: ok(m.BoothList, "Booths")}),
    GET("/api/booths/{slug}", booths.get_booth, "One booth", "booths", params=(d.BoothSlugPath,),
        replies={200: ok(m.BoothStatus, "The booth, its live state and openness"), **NOT_FOUND}),
    PUT("/api/booths/{slug}", booths.edit_booth, "Edit a booth (its hosts, or an admin)", "booths", access=BEARER,
        params=(d.BoothSlugPath,), body=body(dict, f"The fields to change, at most {booths.MAX_BODY // 1024} KB"),
        replies={200: ok(m.Booth, "The booth as saved"), **BAD_BODY, **NOT_FOUND, **TOO_LARGE,
                 422: err("Fields to fix (`error.problems`) or blocked")}),
    GET("/api/booths/{slug}/questions", booths.questions, "The booth's waiting questions (hosts, moderators, admins)",
        "booths", access=BEARER, params=(d.BoothSlugPath,),
        replies={200: ok(m.Questions, "Questions, without who asked"), **NOT_FOUND}),
    GET("/api/booths/{slug}/visits", booths.visits, "Entries and dwell time per hour (hosts, moderators, admins)",
        "booths", access=BEARER, params=(d.BoothSlugPath, m.VisitsQuery),
        replies={200: ok(m.Visits, "Counts only, never who"), **BAD_QUERY, **NOT_FOUND}),
]

STAFF = [
    POST("/api/auth/login", auth.login, "Staff login: a bearer token for HTTP and `hello.token`", "auth",
         description=auth.__doc__.split("\n\n", 1)[1].strip(), body=body(m.Login),
         replies={200: ok(m.LoggedIn, "Logged in"), **BAD_BODY, 401: err("Wrong username or password"),
                  429: err("Too many logins from this address, or failed logins for this account or address: "
                           "`login_backoff` with `Retry-After`"),
                  503: err("`busy`: every password-hash slot is taken; `Retry-After`")}),
    POST("/api/auth/logout", auth.logout, "Revoke the bearer token", "auth", access=BEARER,
         replies={200: ok(m.Ok, "Revoked")}),
    POST("/api/moderation/actions", moderation_actions.moderation_action, "A moderator action, as on /ws",
         "moderation", access=BEARER, body=body(m.ModerationAction, "At most 16 KB"),
         description=moderation_actions.__doc__.split("\n\n", 1)[1].strip(),
         replies={200: ok(m.ActionDone, "Done; `ok` is the reply /ws would give"), **BAD_BODY,
                  409: err("Refused in this state"), **TOO_LARGE}),
    GET("/api/moderation/rooms", audit.rooms, "Every room with its live member count (moderators, admins)",
        "moderation", access=MODERATORS, replies={200: ok(m.RoomList, "Rooms"), **UNAVAILABLE}),
    GET("/api/moderation/audit", audit.audit, "The audit trail, newest first (moderators, admins)", "moderation",
        access=MODERATORS, params=(m.AuditQuery,),
        replies={200: ok(m.AuditPage, "Audit events"), **BAD_QUERY, **UNAVAILABLE}),
]

HANDOFF = [
    POST("/api/handoff/match", handoff.match, "Places that fit a visitor's profile, explained (crisis: lines open "
         "now first)", "handoff", body=body(m.Profile),
         replies={200: ok(m.Matches, "Ranked results"), 400: REFUSED, **CROSS_SITE, **LIMITED}),
    POST("/api/handoff", handoff.start, "Start a handoff: information only, self-connect (a ticket) or a live "
         "referral (with consent)", "handoff", body=body(m.Start), description=handoff.__doc__.split("\n\n", 1)[1].strip(),
         replies={201: ok(m.Ticket, "A ticket"), 200: ok(m.InfoOnly, "Information only: counted, nothing kept"),
                  400: REFUSED, 403: REFUSED, 404: REFUSED, 409: REFUSED, 415: CROSS_SITE[415], **LIMITED}),
    GET("/api/handoff/inbox", handoff.inbox, "The organisation's handoffs (hosts: their own; admins: ?organization=)",
        "handoff", access=BEARER, params=(m.InboxQuery,), replies={200: ok(m.Inbox, "Inbox"), **BAD_QUERY}),
    GET("/api/handoff/funnel", handoff.funnel, "Booth visits → handoffs → accepted → visited, counts under 5 shown "
        "as \"<5\" (admins)", "handoff", access=ADMINS, params=(m.FunnelQuery,),
        replies={200: Reply("Rows (JSON) or CSV (UTF-8 with BOM)", {JSON: m.Funnel, "text/csv": str}), **BAD_QUERY}),
    POST("/api/handoff/redeem", handoff.redeem, "The visitor arrived and showed the code (hosts)", "handoff",
         access=BEARER, body=body(m.Redeem),
         replies={200: ok(m.HostView, "Now in progress"), 400: REFUSED, 404: REFUSED, 409: REFUSED}),
    POST("/api/handoff/items/{id}/{action}", handoff.host_action, "The organisation answers: accept, propose a "
         "time, decline (reason), hold, resume, complete, fail, cancel", "handoff", access=BEARER,
         params=(m.HostActionPath,), body=body(m.HostAnswer, required=False),
         replies={200: ok(m.HostView, "Changed"), 400: REFUSED, 404: REFUSED, 409: REFUSED}),
    GET("/api/handoff/{code}", handoff.status, "A ticket's status (alternatives when it could not go ahead; "
        "follow_up_due the day after the visit)", "handoff", params=(m.CodePath,),
        replies={200: ok(m.Ticket, "Status"), 404: REFUSED, **LIMITED}),
    GET("/api/handoff/{code}/qr.svg", handoff.qr, "The ticket as a QR code", "handoff", params=(m.CodePath,),
        replies={200: ok(str, "SVG", "image/svg+xml"), **NOT_FOUND, **LIMITED}),
    POST("/api/handoff/{code}/{action}", handoff.visitor_action, "The visitor cancels, withdraws consent (shared "
         "data deleted), or answers the follow-up", "handoff", params=(m.VisitorActionPath,),
         body=body(m.FollowUp, required=False),
         replies={200: ok(dict, "Done"), 400: REFUSED, 404: REFUSED, 409: REFUSED, **CROSS_SITE, **LIMITED}),
]

SECRETARIAT = [
    POST("/api/applications", members.apply, "Apply for membership (an organisation's public form)", "secretariat",
         body=body(mb.ApplicationForm, f"At most {members.MAX_FORM // 1024} KB"),
         description=members.__doc__.split("\n\n", 1)[1].strip(),
         replies={201: ok(mb.Applied, "Stored as a pending organisation: nothing public shows it"),
                  400: err("A field cannot be used (`bad_application`, `bad_corporate_number`, `bad_municipality`); "
                           "`error.detail` names it"), **CROSS_SITE, **LIMITED, **TOO_LARGE,
                  422: err("Blocked by moderation")}),
    POST("/api/applications/{id}/status", members.applicant_view, "The applicant reads its application's status and "
         "the secretariat's note (with its key)", "secretariat", params=(mb.ApplicationIdPath,),
         body=body(mb.ApplicantKey), replies={200: ok(mb.ApplicantView, "Where it stands"),
                                              404: err("No such application, or not its key"), **CROSS_SITE,
                                              **LIMITED}),
    PUT("/api/applications/{id}", members.resubmit, "The applicant sends the corrected form after a request for "
        "changes (with its key)", "secretariat", params=(mb.ApplicationIdPath,), body=body(mb.Resubmission),
        replies={200: ok(mb.ApplicantView, "Pending again"), 400: err("A field cannot be used"),
                 404: err("No such application, or not its key"), 409: err("`not_asked`: no change was asked"),
                 422: err("Blocked by moderation"), **CROSS_SITE, **LIMITED}),
    GET("/api/admin/applications", members.queue, "The applications, open ones first (admins)", "secretariat",
        access=ADMINS, params=(mb.ApplicationsQuery,),
        replies={200: ok(mb.Applications, "Applications with their contact (erased after the retention period)"),
                 **BAD_QUERY}),
    POST("/api/admin/applications/{id}/{action}", members.review, "Approve, ask for changes (note) or decline "
         "(reason) (admins)", "secretariat", access=ADMINS, params=(mb.ApplicationPath,),
         body=body(mb.Review, required=False),
         replies={200: Reply("Approved: the first host account and its one-time code (shown once); otherwise "
                             "the application", {JSON: (mb.Issued, mb.ApplicationView)}),
                  400: err("`note_required`"), **NOT_FOUND,
                  409: err("Already decided, or the username is taken"), 422: err("The listing is not valid")}),
    GET("/api/admin/accounts", staff_accounts.list_accounts, "Every staff account (admins)", "secretariat",
        access=ADMINS, replies={200: ok(mb.AccountList, "Accounts")}),
    POST("/api/admin/accounts", staff_accounts.create_account, "Create a staff account with a one-time sign-in "
         "code (admins)", "secretariat", access=ADMINS, body=body(mb.NewAccount),
         replies={201: ok(mb.Issued, "The account and its code, shown once"),
                  400: err("Bad username or role, or a host's organisation does not exist"),
                  409: err("`username_taken`")}),
    POST("/api/admin/accounts/{id}/{action}", staff_accounts.account_action, "Disable (ends its sessions), "
         "re-enable, or issue a new one-time code (admins)", "secretariat", access=ADMINS,
         params=(mb.AccountPath,), replies={200: ok(mb.Changed, "The account"), **NOT_FOUND,
                                             409: err("`own_account`: an admin cannot disable themself")}),
    GET("/api/admin/coverage", members.coverage_report, "Coverage: municipalities of a prefecture with a member, "
        "a service, a consultation window (admins)", "secretariat", access=ADMINS, params=(mb.CoverageQuery,),
        replies={200: ok(mb.Coverage, "Every municipality of the prefecture, zeros included"), **BAD_QUERY}),
    POST("/api/auth/first-sign-in", staff_accounts.first_sign_in, "Sign in the first time with a one-time code "
         "and set the password", "auth", body=body(mb.FirstSignIn),
         replies={200: ok(mb.SignedIn, "Signed in"), 400: err("`weak_password`"),
                  401: err("`bad_code`: used, expired or unknown"), **CROSS_SITE, **LIMITED}),
]

META = [
    GET("/api/openapi.json", openapi.openapi_json, "This document", "meta", replies={200: ok(dict, "OpenAPI 3.0.3")}),
    GET("/healthz", health.healthz, "Liveness", "meta", replies={200: ok(m.Health, "The process answers")}),
    GET("/readyz", health.readyz, "Readiness for traffic", "meta",
        replies={200: ok(m.Readiness, "Ready"),
                 503: ok(m.Readiness, "Not ready (starting, draining, bus or database away)")}),
    GET("/metrics", health.metrics, "Prometheus metrics", "meta", access=METRICS,
        replies={200: ok(str, "Prometheus text exposition format", "text/plain")}),
    GET("/ws", gateway.websocket, "The realtime gateway (WebSocket upgrade)", "meta", document=False),
    GET("/", health.index, "The visitors' web client", "meta", document=False),
    GET("/host", health.host, "The hosts' console", "meta", document=False),
    GET("/mod", health.mod, "The moderators' console", "meta", document=False),
    GET("/admin", health.admin, "The secretariat's console", "meta", document=False),
    GET("/apply", health.apply_page, "The membership application form (organisations)", "meta", document=False),
    GET("/map", health.public_map, "The public map and finder (no login)", "meta", document=False),
]

ROUTES: list[Route] = [*DIRECTORY, *EVENTS, *BOOTHS, *STAFF, *HANDOFF, *SECRETARIAT, *DIRECTORY_HEALTH, *INDICATORS, *CASES, *MATCHING, *MEETINGS, *META]


def register(app: web.Application) -> None:
    """Add every route of the table to `app` (behind its access check), the static files, and the document
    (rendered at its first request)."""
    for route in ROUTES:  # add_get also answers HEAD, as aiohttp does for every GET
        add = app.router.add_get if route.method == "GET" else partial(app.router.add_route, route.method)
        known = query_names(route)  # a route that declares query parameters refuses any other
        handler = refusing_unknown_query(route.handler, known) if known else route.handler
        add(route.path, guarded(handler, route.access))
    if health.WEB_ROOT.is_dir():
        app.router.add_static("/static/", health.WEB_ROOT, show_index=False, follow_symlinks=False)
    app[openapi.DOCUMENT] = openapi.ServedDocument(ROUTES)
