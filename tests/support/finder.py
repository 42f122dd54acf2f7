"""Directory documents for the public finder's tests (fictional, in 長野県), imported as an admin.

* 松本市 (202029) has a youth space at four places, one of each coordinate precision, a weekly
  concert at the approximate place and a weekly meeting at the hidden one, and a local
  consultation desk open on weekdays 9–17;
* 塩尻市 (202151, ~14 km away) a physical desk; 長野市 (202011, ~48 km) one too;
* 長野県 (200000) a telephone line for the whole prefecture; 長野市 an online line for its residents.
"""
from __future__ import annotations

import json
from typing import Any

from tests.support.api import call

ADMIN = "admin-secret-for-finder-tests"
TOKENS = {"STATIC_TOKENS": f"admin:{ADMIN}"}
MATSUMOTO, SHIOJIRI, NAGANO_CITY, NAGANO_PREF = "202029", "202151", "202011", "200000"
MATSUMOTO_POINT = (36.23805556, 137.9719444)  # the municipality office (booths/data)
EXACT = (36.2301, 137.9655)
APPROXIMATE_IN = (36.23712, 137.96388)  # what the organisation entered
APPROXIMATE_SHOWN = (36.235, 137.965)  # on the ~500 m grid
HIDDEN_NAME = "ひみつの家(架空)"
HIDDEN_POINT = (36.2411, 137.9811)
WEEKDAYS = [{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00:00+09:00", "closes_at": "17:00:00+09:00",
             "description": "平日 9時〜17時"}]


def _loc(loc_id: str, name: str, precision: str, point: tuple[float, float] | None, code: str) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": loc_id, "name": name, "x_coordinate_precision": precision, "x_municipality_code": code}
    if point:
        doc.update(latitude=point[0], longitude=point[1])
    return doc


def _consult(sid: str, name: str, loc: str | None = None, **extra: Any) -> dict[str, Any]:
    svc = {"id": sid, "name": name, "x_kind": "consultation", "schedules": WEEKDAYS, **extra}
    if loc:
        svc["service_at_locations"] = [{"location_id": loc}]
    return svc


DOCUMENTS = [
    {"id": "fz-matsumoto", "name": "まつもとユース(架空)", "x_member_category": "npo", "x_municipality_code": MATSUMOTO,
     "locations": [_loc("fz-exact", "ユース広場(架空)", "exact", EXACT, MATSUMOTO),
                   _loc("fz-approx", "川べりの部屋(架空)", "approximate", APPROXIMATE_IN, MATSUMOTO),
                   _loc("fz-muni", "まちのどこか(架空)", "municipality", (36.2001, 137.9001), MATSUMOTO),
                   _loc("fz-hidden", HIDDEN_NAME, "hidden", HIDDEN_POINT, MATSUMOTO)],
     "services": [{"id": "fz-space", "name": "まつもと居場所(架空)", "x_kind": "居場所",
                   "attributes": [{"taxonomy_term_id": "interest.music"}],
                   "service_at_locations": [{"location_id": x} for x in ("fz-exact", "fz-approx", "fz-muni", "fz-hidden")]},
                  {"id": "fz-concert", "name": "まつもと音楽会(架空)", "x_kind": "event",
                   "schedules": [{"freq": "WEEKLY", "byday": "SA", "opens_at": "13:00:00+09:00",
                                  "closes_at": "15:00:00+09:00"}],
                   "service_at_locations": [{"location_id": "fz-approx"}]},
                  {"id": "fz-secret", "name": "ひみつの集まり(架空)", "x_kind": "event",
                   "schedules": [{"freq": "WEEKLY", "byday": "WE", "opens_at": "18:00:00+09:00",
                                  "closes_at": "20:00:00+09:00"}],
                   "service_at_locations": [{"location_id": "fz-hidden"}]},
                  _consult("fz-desk", "まつもと若者相談(架空)", "fz-exact", phones=[{"number": "0263-00-0000"}],
                           attributes=[{"taxonomy_term_id": "concern.school"}])]},
    {"id": "fz-shiojiri", "name": "しおじり相談室(架空)", "x_member_category": "npo", "x_municipality_code": SHIOJIRI,
     "locations": [_loc("fz-sj", "相談室(架空)", "exact", (36.1150, 137.9536), SHIOJIRI)],
     "services": [_consult("fz-sj-desk", "しおじり相談(架空)", "fz-sj")]},
    {"id": "fz-nagano", "name": "ながの相談(架空)", "x_member_category": "municipality", "x_municipality_code": NAGANO_CITY,
     "locations": [_loc("fz-ng", "市役所相談窓口(架空)", "exact", (36.6486, 138.1944), NAGANO_CITY)],
     "services": [_consult("fz-ng-desk", "ながの窓口(架空)", "fz-ng"),
                  _consult("fz-ng-line", "ながの市民LINE相談(架空)", url="https://example.jp/nagano-line")]},
    {"id": "fz-pref", "name": "長野県こころの電話(架空)", "x_member_category": "municipality",
     "x_municipality_code": NAGANO_PREF,
     "services": [_consult("fz-pref-line", "県こころの電話(架空)", phones=[{"number": "026-000-0000"}],
                           attributes=[{"taxonomy_term_id": "concern.health"}])]},
]


def import_finder_documents(base: str) -> None:
    status, report, _ = call(base, "/api/directory/import?format=hsds", json.dumps(DOCUMENTS).encode(), ADMIN)
    assert status == 200 and report["rejected"] == [], report
