"""The route table of indicators against targets and campaign codes: part of the one route table in
`server/http/routes.py` (admins only)."""
from __future__ import annotations

from server.http import indicators
from server.http import models_indicators as mi
from server.http.route import GET, POST, PUT, Route, body, err, ok
from server.http.shared_replies import ADMINS, BAD_BODY, NOT_FOUND, TOO_LARGE

INDICATOR_TEXT = ("The measures are all time: booth visits, handoffs, accepted, visited, the closed-loop rate and "
                  "the median days to answer (the funnel's totals, counts under 5 shown as \"<5\", rates and "
                  "medians over fewer than 5 handoffs withheld), members (organisations in the directory) and "
                  "municipalities covered (of the platform's prefecture). One target per measure.")
BAD_TARGET = {400: err("The body cannot be used, or `bad_target`: `error.detail` names the field (a rate is between 0 and 1; a real date)")}

INDICATORS = [
    GET("/api/admin/indicators", indicators.indicators, "Measures, targets with their progress, campaign counts "
        "(admins)", "secretariat", access=ADMINS, description=INDICATOR_TEXT,
        replies={200: ok(mi.Indicators, "The report")}),
    GET("/api/admin/indicators.json", indicators.export_json, "The same report as a JSON file (admins)",
        "secretariat", access=ADMINS, replies={200: ok(mi.Indicators, "The report, as an attachment")}),
    GET("/api/admin/indicators.csv", indicators.export_csv, "The report as CSV (UTF-8 with BOM): a row per "
        "measure with its target, a row per campaign code and count (admins)", "secretariat", access=ADMINS,
        replies={200: ok(str, "CSV", "text/csv")}),
    PUT("/api/admin/indicators/targets/{measure}", indicators.set_target, "Set or replace a measure's target "
        "with its deadline (admins)", "secretariat", access=ADMINS, params=(mi.MeasurePath,),
        body=body(mi.TargetInput, f"At most {indicators.MAX_BODY // 1024} KB"),
        replies={200: ok(mi.Progress, "Replaced"), 201: ok(mi.Progress, "Set"), **BAD_TARGET,
                 **TOO_LARGE}),
    Route("DELETE", "/api/admin/indicators/targets/{measure}", indicators.drop_target, "Drop a measure's target "
          "(admins)", "secretariat", access=ADMINS, params=(mi.MeasurePath,),
          replies={200: ok(dict, "Dropped"), **NOT_FOUND}),
    POST("/api/admin/campaigns", indicators.add_campaign, "Register a campaign code: visitors arriving with "
         "/?c=<code> are counted from now on (admins)", "secretariat", access=ADMINS,
         body=body(mi.CampaignInput, f"At most {indicators.MAX_BODY // 1024} KB"),
         description="Only registered codes count; any other code a visitor brings counts as nothing. Counts are "
                     "sums per code and month: nothing per person, no cookie.",
         replies={201: ok(mi.CampaignRow, "Registered"), **BAD_BODY, **TOO_LARGE,
                  409: err("`campaign_taken`: the code exists")}),
]
