"""The route table of NPO–company matching (issue 16): part of the one route table in `server/http/routes.py`."""
from __future__ import annotations

from server.http import introductions, matching
from server.http import models_matching as mm
from server.http.access import Roles
from server.http.route import GET, POST, PUT, Reply, body, err, ok
from server.http.shared_replies import ADMINS, BAD_BODY, BAD_QUERY, NOT_FOUND, TOO_LARGE
from rooms.roles import ADMIN, HOST

MEMBERS = Roles(HOST, ADMIN, reason="members_only")
LISTING_TEXT = ("Needs and offers of member organisations: what an NPO needs (funds, volunteers, a skill, a venue, "
                "goods, publicity, data or IT help) and what a company offers, with a quantity, a period of months, "
                "municipalities and themes. Hosts write them for their own organisation, admins for any; every host "
                "and admin reads the open ones. Titles and descriptions are screened as members' listings are.")
INTRO_TEXT = ("A member asks for an introduction between a need and an offer the matcher suggests; the other side "
              "accepts (sharing its contact person) or declines with a reason. Contacts are shown to the two "
              "organisations' hosts only once both said yes. The asker may withdraw; either side reports the "
              "outcome (complete, or fail with a reason). Admins see every introduction without contacts, nudge the "
              "side that has to act, close one with a reason, and may act for a side with no host account.")
LISTING_REFUSED = {403: err("`listing_not_yours`"),
                   422: err("`invalid` (`error.detail` lists the fields) or `blocked` by moderation")}
CSV_OR_JSON = "JSON, or CSV (UTF-8 with BOM) with format=csv"
MATCHING = [
    GET("/api/matching/listings", matching.list_listings, "Needs and offers (hosts and admins)", "matching",
        access=MEMBERS, params=(mm.ListingsQuery,), description=LISTING_TEXT,
        replies={200: ok(mm.Listings, "Most recently changed first"), **BAD_QUERY}),
    POST("/api/matching/listings", matching.create_listing, "Write a need or an offer", "matching", access=MEMBERS,
         body=body(mm.ListingInput, f"At most {matching.MAX_BODY // 1024} KB"), description=LISTING_TEXT,
         replies={201: ok(mm.Listing, "Stored"), **BAD_BODY, **TOO_LARGE, **LISTING_REFUSED}),
    GET("/api/matching/listings/{id}", matching.get_listing, "One need or offer", "matching", access=MEMBERS,
        params=(mm.ListingIdPath,), replies={200: ok(mm.Listing, "The listing"), **NOT_FOUND}),
    PUT("/api/matching/listings/{id}", matching.edit_listing, "Replace a need or an offer (status closed closes it)",
        "matching", access=MEMBERS, params=(mm.ListingIdPath,),
        body=body(mm.ListingInput, f"At most {matching.MAX_BODY // 1024} KB"),
        replies={200: ok(mm.Listing, "Stored"), **BAD_BODY, **NOT_FOUND, **TOO_LARGE, **LISTING_REFUSED}),
    GET("/api/matching/listings/{id}/suggestions", matching.suggestions, "The other side's listings that fit, "
        "explained in Japanese (at most two per organisation)", "matching", access=MEMBERS,
        params=(mm.ListingIdPath,), description=matching.MATCHER_TEXT,
        replies={200: ok(mm.Suggestions, "Best first"), **NOT_FOUND}),
    POST("/api/matching/introductions", introductions.ask, "Ask for an introduction", "matching", access=MEMBERS,
         body=body(mm.Ask, f"At most {introductions.MAX_BODY // 1024} KB"), description=INTRO_TEXT,
         replies={201: ok(mm.IntroductionView, "Requested"), **BAD_BODY, **TOO_LARGE,
                  403: err("`listing_not_yours`: neither listing is the caller's organisation's"),
                  404: err("No such need or offer"),
                  409: err("`no_match`: the matcher does not suggest this pair; `conflict`: one is already open"),
                  422: err("`invalid` contact or `blocked` by moderation")}),
    GET("/api/matching/introductions", introductions.mine, "Introductions of the caller's organisation (admins: "
        "all, without contacts)", "matching", access=MEMBERS, params=(mm.IntroductionsQuery,),
        description=INTRO_TEXT, replies={200: ok(mm.Introductions, "Most recently changed first"), **BAD_QUERY}),
    POST("/api/matching/introductions/{id}/{action}", introductions.act, "Accept (contact), decline (reason), "
         "withdraw, complete, fail, close (reason) or nudge", "matching", access=MEMBERS,
         params=(mm.IntroductionPath,), body=body(mm.Answer, required=False),
         replies={200: ok(mm.IntroductionView, "Done"), **BAD_BODY,
                  403: err("`intro_not_yours`: not this caller's step"), 404: err("No such introduction"),
                  409: err("Not in this status (`bad_transition`, `terminal`) or changed meanwhile (`conflict`)"),
                  422: err("`invalid` contact or `blocked` by moderation")}),
    GET("/api/admin/matching/unmet", introductions.unmet_report, "Open needs no open offer fits (admins)",
        "secretariat", access=ADMINS, params=(mm.UnmetQuery,),
        replies={200: Reply(CSV_OR_JSON, {"application/json": mm.Unmet, "text/csv": str}), **BAD_QUERY}),
    GET("/api/admin/matching/introductions", introductions.introduction_report, "Introductions by status, counted "
        "(admins; no contacts)", "secretariat", access=ADMINS, params=(mm.ReportQuery,),
        replies={200: Reply(CSV_OR_JSON, {"application/json": mm.IntroductionReport, "text/csv": str}),
                 **BAD_QUERY}),
]
