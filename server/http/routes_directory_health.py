"""The route table of the directory's health (issue 15): part of the one route table in `server/http/routes.py`."""
from __future__ import annotations

from server.http import directory_health as dh
from server.http import models_directory as d
from server.http import models_directory_health as mh
from server.http import models_members as mb
from server.http.access import BEARER
from server.http.route import GET, POST, err, ok
from server.http.shared_replies import ADMINS, BAD_QUERY, NOT_FOUND

CONFIRM_TEXT = ("A listing not confirmed by a host of its organisation for LISTING_CONFIRM_MONTHS months (or never) "
                "is due. Editing a service (PUT /api/organizations/{id} by a host) confirms the services it changes; "
                "imports and admins' edits never do.")
DIRECTORY_HEALTH = [
    GET("/api/organizations/{id}/listings", dh.listings, "An organisation's listings and when each was last "
        "confirmed (its hosts, admins)", "directory", access=BEARER, params=(d.DocumentIdPath,),
        description=CONFIRM_TEXT,
        replies={200: ok(mh.Listings, "Every service, hidden ones too"), 403: err("`forbidden`: not its host")}),
    POST("/api/services/{id}/confirm", dh.confirm, "「内容を確認しました」: a host confirms its listing without "
         "changing it", "directory", access=BEARER, params=(mh.ServiceIdPath,), description=CONFIRM_TEXT,
         replies={200: ok(mh.ListingState, "Confirmed now"), **NOT_FOUND,
                  403: err("`member_only`: only a host of the service's organisation confirms it")}),
    GET("/api/admin/directory-health", dh.health, "Listings due for confirmation by organisation, and the recent "
        "imports (admins)", "secretariat", access=ADMINS, description=CONFIRM_TEXT,
        replies={200: ok(mh.DirectoryHealth, "Due listings and import reports")}),
    GET("/api/admin/coverage.csv", dh.coverage_export, "The coverage report as CSV (UTF-8 with BOM), with each "
        "municipality's reference point (admins)", "secretariat", access=ADMINS, params=(mb.CoverageQuery,),
        replies={200: ok(str, "CSV", "text/csv"), **BAD_QUERY}),
]
