"""The route table of good practices (好事例): part of the one route table in `server/http/routes.py`."""
from __future__ import annotations

from server.http import case_hall, case_page, cases
from server.http import models_cases as mc
from server.http import models_directory as d
from server.http.access import BEARER
from server.http.route import GET, POST, PUT, body, err, ok
from server.http.shared_replies import BAD_BODY, BAD_QUERY, NOT_FOUND, TOO_LARGE

CASE_TEXT = ("Good practices (好事例) of member organisations. The public sees published cases only and never "
             "the contacts (signed-in staff do). Hosts write cases naming their own organisation, as drafts or "
             "submitted; the secretariat (admins) edits and publishes. Every save is a new version.")
CASE_REFUSED = {401: err("A staff token is needed"), 403: err("`case_not_yours` or `case_publish`"),
                422: err("`invalid` (`error.detail` lists the fields) or `blocked` by moderation")}
CASES = [
    GET("/api/cases", cases.list_cases, "Search good-practice cases", "cases", params=(mc.CasesQuery,),
        description=CASE_TEXT, replies={200: ok(d.HsdsPage[mc.CaseRecord], "A page of cases, most recently changed "
                                                 "first"), **BAD_QUERY, 401: err("`status` other than published "
                                                                                 "needs a staff token")}),
    GET("/api/cases.json", case_page.export_json, "Every published case as JSON (no contacts)", "cases",
        replies={200: ok(mc.CaseExport, "All published cases")}),
    GET("/api/cases.csv", case_page.export_csv, "Every published case as CSV (UTF-8 with BOM, no contacts)", "cases",
        replies={200: ok(str, "CSV", "text/csv")}),
    POST("/api/cases", cases.create_case, "Write a case (a host for its own organisation, or an admin)", "cases",
         access=BEARER, body=body(mc.CaseInput, f"At most {cases.MAX_BODY // 1024} KB"), description=CASE_TEXT,
         replies={201: ok(mc.CaseRecord, "Saved as version 1"), **BAD_BODY, **TOO_LARGE, **CASE_REFUSED}),
    GET("/api/cases/{id}", cases.get_case, "One case (drafts: its organisation's hosts and admins only)", "cases",
        params=(mc.CaseIdPath,), replies={200: ok(mc.CaseRecord, "The case"), **NOT_FOUND}),
    PUT("/api/cases/{id}", cases.edit_case, "Replace a case: a new version", "cases", access=BEARER,
        params=(mc.CaseIdPath, mc.CaseEditQuery), body=body(mc.CaseInput, f"At most {cases.MAX_BODY // 1024} KB"),
        replies={200: ok(mc.CaseRecord, "Saved"), **BAD_BODY, **BAD_QUERY, **NOT_FOUND, **TOO_LARGE,
                 **CASE_REFUSED, 409: err("`conflict`: another version was saved since `version`")}),
    POST("/api/cases/{id}/status", cases.change_status, "Submit (hosts), publish or send back (admins): a new "
         "version", "cases", access=BEARER, params=(mc.CaseIdPath,), body=body(cases.StatusChange),
         replies={200: ok(mc.CaseRecord, "Saved"), **BAD_BODY, **NOT_FOUND, **CASE_REFUSED,
                  409: err("`conflict`: saved by someone else meanwhile")}),
    GET("/api/cases/{id}/versions", cases.versions, "Every version of a case: who (role), when, status", "cases",
        access=BEARER, params=(mc.CaseIdPath,),
        replies={200: ok(mc.CaseVersions, "Oldest first"), **NOT_FOUND}),
    GET("/api/case-hall", case_hall.hall, "The festival's 好事例ホール: featured published cases as stands, each with "
        "the booth room of its organisation", "cases", description="Generated from the cases the secretariat "
        "featured (`featured: true`), most recently changed first, at most 16; no contacts.",
        replies={200: ok(mc.CaseHall, "The hall's stands")}),
    GET("/cases", case_page.list_page, "Published cases as a public HTML page with a search form (no script)",
        "cases", params=(mc.CasesPageQuery,),
        replies={200: ok(str, "HTML, Japanese first", "text/html"), **BAD_QUERY}),
    GET("/cases/{id}", case_page.case_page, "A published case's public page with schema.org Article JSON-LD",
        "cases", params=(mc.CaseIdPath,),
        replies={200: ok(str, "HTML, Japanese first", "text/html"), 404: ok(str, "HTML: no such case", "text/html")}),
]
