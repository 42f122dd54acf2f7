"""What hosts write, and what they hide, on a real server (issue 12).

- Every text of an organization document a host sends (`PUT /api/organizations/{id}`) passes the
  booth content hook: the `x_booth` title and slug that create a booth, location names, any field.
  An organisation's landline stays allowed (host rules); a mobile number or 死ね does not.
- A hidden service (`status: inactive`, 非公開 in the host console) is seen only by its
  organisation's hosts and by admins: 404 by id, absent from the organization document, never in
  search or on the map.
"""
from __future__ import annotations

import json
import urllib.parse

from tests.support.api import call, call_put
from tests.support.festival import ADMIN

MINE = {"id": "kawagoe-npo", "name": "川越ユースミュージック(架空)", "x_member_category": "npo",
        "x_municipality_code": "112011", "x_booth": {"slug": "kawagoe-band", "title": "週末バンド / Weekend band"},
        "services": [{"id": "kw-band", "name": "週末バンド"}]}


def put_org(server, doc: dict, token: str):
    return call_put(server.http, f"/api/organizations/{doc['id']}", json.dumps(doc).encode(), token)


def test_a_new_booth_through_the_organization_document_is_screened(festival):  # noqa: F811
    for title in ("連絡は090-1234-5678まで", "死ね", "しね"):
        status, body = put_org(festival, {**MINE, "x_booth": {"slug": "second-booth", "title": title}},
                               festival.host_token)
        assert status == 422 and body["error"]["code"] == "blocked", title
    status, _ = put_org(festival, {**MINE, "x_booth": {"slug": "09012345678", "title": "ふつうのブース"}},
                        festival.host_token)
    assert status == 422  # the slug is shown too: booth:<slug> is the room's name
    assert call(festival.http, "/api/booths/second-booth")[0] == 404
    assert call(festival.http, "/api/booths/09012345678")[0] == 404
    status, _ = put_org(festival, {**MINE, "x_booth": {"slug": "second-booth", "title": "二つめのブース"}},
                        festival.host_token)
    assert status == 200 and call(festival.http, "/api/booths/second-booth")[1]["title"] == "二つめのブース"
    # another organisation's booth cannot be claimed in the document either
    status, _ = put_org(festival, {**MINE, "x_booth": {"slug": "other-booth", "title": "別のブース"}}, festival.host_token)
    assert status == 403
    assert call(festival.http, "/hsds/organizations/kawagoe-npo")[1]["x_booth"]["slug"] == "second-booth"


def test_every_text_of_the_document_is_screened_and_a_landline_is_fine(festival):  # noqa: F811
    refused = [
        {**MINE, "locations": [{"id": "kw-loc", "name": "080-1234-5678の部屋", "x_municipality_code": "112011"}]},
        {**MINE, "services": [{"id": "kw-band", "name": "週末バンド", "eligibility_description": "死ね"}]},
        {**MINE, "services": [{"id": "kw-band", "name": "週末バンド", "fees_description": "090-1234-5678"}]},
        {**MINE, "x_note": "死ね"},
        {**MINE, "x_notes": {"死ね": "key"}},
        {**MINE, "services": [{"id": "kw-band", "name": "週末バンド",
                               "contacts": [{"name": "担当", "phones": [{"number": "090-1234-5678"}]}]}]},
    ]
    for doc in refused:
        status, body = put_org(festival, doc, festival.host_token)
        assert status == 422 and body["error"]["code"] == "blocked", doc
    assert call(festival.http, "/hsds/organizations/kawagoe-npo")[1].get("x_note") is None
    public = {**MINE, "description": "お問い合わせは 049-222-1234(平日10時〜17時)へ",
              "email": "band@example.jp", "website": "https://example.jp/band",
              "locations": [{"id": "kw-loc", "name": "川越市民会館 2階", "x_municipality_code": "112011"}]}
    status, report = put_org(festival, public, festival.host_token)
    assert status == 200 and report["committed"]


def test_a_booth_edit_with_a_death_wish_is_refused(festival):  # noqa: F811
    for edit in ({"title": "死ね"}, {"description": "お前ら全員死ね"}):
        status, body = call_put(festival.http, "/api/booths/kawagoe-band", json.dumps(edit).encode(),
                                festival.host_token)
        assert status == 422 and body["error"]["code"] == "blocked", edit
    assert call(festival.http, "/api/booths/kawagoe-band")[1]["title"] == "週末バンド / Weekend band"


def test_a_hidden_service_is_seen_by_its_organization_and_admins_only(festival):  # noqa: F811
    doc = {**MINE, "locations": [{"id": "kw-loc", "name": "スタジオ", "latitude": 35.93, "longitude": 139.49,
                                  "x_coordinate_precision": "exact", "x_municipality_code": "112011"}],
           "services": [{"id": "kw-band", "name": "週末バンド", "service_at_locations": [{"location_id": "kw-loc"}]},
                        {"id": "kw-secret", "name": "準備中のひみつ練習会", "status": "inactive",
                         "service_at_locations": [{"location_id": "kw-loc"}]}]}
    status, _ = put_org(festival, doc, festival.host_token)
    assert status == 200
    # the public, a host of another organisation, a forged token: not there at all
    for token in (None, festival.other_token, "forged-token-xxxxxxxxxxxxxxxx"):
        assert call(festival.http, "/hsds/services/kw-secret", token=token)[0] == 404
        org = call(festival.http, "/hsds/organizations/kawagoe-npo", token=token)[1]
        assert [s["id"] for s in org["services"]] == ["kw-band"]
        assert "kw-secret" not in json.dumps(org) and "ひみつ" not in json.dumps(org)
    # its own hosts and admins see it (the host console loads it, so saving keeps it)
    for token in (festival.host_token, ADMIN):
        status, svc = call(festival.http, "/hsds/services/kw-secret", token=token)[:2]
        assert status == 200 and svc["status"] == "inactive"
        org = call(festival.http, "/hsds/organizations/kawagoe-npo", token=token)[1]
        assert {s["id"] for s in org["services"]} == {"kw-band", "kw-secret"}
    # search and the map never list it, whoever asks
    for query in ("?q=" + urllib.parse.quote("ひみつ"), "?organization_id=kawagoe-npo", "?organization_id=kawagoe-npo&per_page=200"):
        for token in (None, festival.host_token, ADMIN):
            found = call(festival.http, "/hsds/services" + query, token=token)[1]
            assert "kw-secret" not in [s["id"] for s in found["contents"]]
    geo = call(festival.http, "/api/map.geojson?municipality=112011", token=ADMIN)[1]
    assert "kw-secret" not in json.dumps(geo) and "kw-band" in json.dumps(geo)
    # a ticket cannot be started for it either
    status, body, _ = call(festival.http, "/api/handoff",
                           json.dumps({"service_id": "kw-secret", "mode": "self_connect", "age": 17}).encode())
    assert status == 404 or (status >= 400 and body["error"]["code"] == "not_found")
    # the organisation shows it again: public once more
    doc["services"][1]["status"] = "active"
    assert put_org(festival, doc, festival.host_token)[0] == 200
    assert call(festival.http, "/hsds/services/kw-secret")[0] == 200
