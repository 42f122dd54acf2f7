"""The directory's query parameters and documents as msgspec types: what `/hsds/...` and the map take and give.

Query constraints mirror `server.http.directory.parse_query` exactly: a client that follows
the generated document never gets a 400 for a parameter the document allows. Documents keep
the HSDS 3 field names and stay open (unknown fields allowed), because imported HSDS documents
may carry fields we pass through unchanged. Docstrings and `description`s are the API's prose.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Generic, Literal, TypeVar

from msgspec import UNSET, Meta, Struct, UnsetType

from booths.hsds import BOOTH_SLUG, STATUSES
from booths.vocabulary import KINDS, MEMBER_CATEGORIES, PRECISIONS, TAXONOMIES, TERMS

from server.store.directory import MAX_PER_PAGE
from server.store.directory_import import FORMATS

MUNICIPALITY_CODE = r"^[0-9]{6}$"
DOCUMENT_ID = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"  # booths.hsds._ID: every stored id has this shape
LANGUAGE = r"^[A-Za-z][A-Za-z-]{0,7}$"  # parse_query: at most 8 characters, letters and '-'
MAX_PAGE = 1_000_000  # parse_query: page is accepted from 1 to 1 000 000
MAX_QUERY_TEXT = 200
HSDS_VERSION = "3.0"

T = TypeVar("T")
Code = Annotated[str, Meta(pattern=MUNICIPALITY_CODE)]
Binary = Annotated[str, Meta(extra_json_schema={"format": "binary"})]
DateTime = Annotated[str, Meta(extra_json_schema={"format": "date-time"})]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Kind = Literal[KINDS]  # type: ignore[valid-type]
Category = Literal[MEMBER_CATEGORIES]  # type: ignore[valid-type]
TermId = Literal[tuple(t.id for t in TERMS)]  # type: ignore[valid-type]
Age = Annotated[int, Meta(ge=0, le=120)]


def _terms(prefix: str) -> Any:
    """Term codes, comma-separated; the pattern admits only known terms, which is what parse_query accepts."""
    ids = [t.id for t in TERMS if not prefix or t.taxonomy_id == prefix]
    if prefix:
        one = rf"(?:{re.escape(prefix)}\.)?(?:{'|'.join(re.escape(t.code) for t in TERMS if t.taxonomy_id == prefix)})"
        how = f"with or without the `{prefix}.` prefix"
    else:
        one = f"(?:{'|'.join(re.escape(i) for i in ids)})"
        how = "full term ids such as `concern.school`"
    return Annotated[str, Meta(pattern=f"^{one}(?:,{one})*$", examples=[ids[0]], description=(
        f"Taxonomy term codes, {how}; comma-separated and/or repeated, all must match (AND). "
        f"An unknown term is a 400 (see /hsds/taxonomy_terms). Known: {', '.join(ids)}."))]


def _q(kind: Any, description: str, **meta: Any) -> Any:
    return Annotated[kind, Meta(description=description, **meta)]


# -- parameters ------------------------------------------------------------------------------------------------
Page = _q(Annotated[int, Meta(ge=1, le=MAX_PAGE)], "Page number, from 1.")
PerPage = _q(Annotated[int, Meta(ge=1, le=MAX_PER_PAGE)], "Items per page.")
Municipality = _q(Code, "全国地方公共団体コード (6 digits): services held there or serving it.", examples=["112089"])


class DocumentIdPath(Struct):
    id: _q(str, "A document id (HSDS ids are UUIDs; imports may use 1–64 of [A-Za-z0-9._:-]).",  # type: ignore[valid-type]
           pattern=DOCUMENT_ID)


class BoothSlugPath(Struct):
    slug: _q(str, "A booth slug.", pattern=BOOTH_SLUG.pattern)  # type: ignore[valid-type]


class SearchQuery(Struct, kw_only=True):
    q: _q(str, "Free text; every word must occur (name, description, organization, term labels).",  # type: ignore[valid-type]
          max_length=MAX_QUERY_TEXT) | UnsetType = UNSET
    text: _q(str, "Alias of `q` (used only when `q` is absent).", max_length=MAX_QUERY_TEXT,  # type: ignore[valid-type]
             extra_json_schema={"deprecated": True}) | UnsetType = UNSET
    concern: _terms("concern") | UnsetType = UNSET  # type: ignore[valid-type]
    interest: _terms("interest") | UnsetType = UNSET  # type: ignore[valid-type]
    life_stage: _terms("life_stage") | UnsetType = UNSET  # type: ignore[valid-type]
    audience: _terms("audience") | UnsetType = UNSET  # type: ignore[valid-type]
    taxonomy_term_id: _terms("") | UnsetType = UNSET  # type: ignore[valid-type]
    municipality: Municipality | UnsetType = UNSET  # type: ignore[valid-type]
    age: _q(Age, "The visitor's age in years: services whose age range includes it.") | UnsetType = UNSET  # type: ignore[valid-type]
    language: _q(str, "A language code such as `ja` or `en`.", pattern=LANGUAGE,  # type: ignore[valid-type]
                 examples=["en"]) | UnsetType = UNSET
    open_at: _q(DateTime, "Only services known to be open at this moment (ISO 8601; no offset means JST).",  # type: ignore[valid-type]
                examples=["2026-12-05T14:00:00+09:00"]) | UnsetType = UNSET
    near: _q(Code, "A known municipality code: services within `within_km` of its reference point.",  # type: ignore[valid-type]
             examples=["112089"]) | UnsetType = UNSET
    within_km: _q(Annotated[float, Meta(gt=0, le=500)], "Radius for `near`, in kilometres.") = 10  # type: ignore[valid-type]
    virtual: _q(Literal["true", "false"],  # type: ignore[valid-type]
                "`true`: online-only services; `false`: services with a physical place.") | UnsetType = UNSET
    kind: _q(Kind, "The service's `x_kind`.") | UnsetType = UNSET  # type: ignore[valid-type]
    organization_id: _q(str, "Only this organization's services.") | UnsetType = UNSET  # type: ignore[valid-type]


class ServicesQuery(SearchQuery, kw_only=True):
    page: Page = 1  # type: ignore[valid-type]
    per_page: PerPage = 20  # type: ignore[valid-type]


class OrganizationsQuery(Struct, kw_only=True):
    municipality: Municipality | UnsetType = UNSET  # type: ignore[valid-type]
    page: Page = 1  # type: ignore[valid-type]
    per_page: PerPage = 50  # type: ignore[valid-type]


class TermsQuery(Struct, kw_only=True):
    taxonomy_id: _q(str, f"Only this taxonomy's terms ({', '.join(t.id for t in TAXONOMIES)}).",  # type: ignore[valid-type]
                    examples=["concern"]) | UnsetType = UNSET
    page: Page = 1  # type: ignore[valid-type]
    per_page: PerPage = 100  # type: ignore[valid-type]


class ImportQuery(Struct, kw_only=True):
    format: _q(Literal[FORMATS], "What the body is.")  # type: ignore[valid-type]
    municipality: _q(Code, "Municipality code for open-data rows that carry none.") | UnsetType = UNSET  # type: ignore[valid-type]
    strict: _q(Literal["true", "false"], "`true`: any problem imports nothing.") | UnsetType = UNSET  # type: ignore[valid-type]


# -- documents -------------------------------------------------------------------------------------------------
class Problem(Struct):
    path: str
    code: str
    message: str


class Error(Struct):
    """`{"error": {"code", "message", "detail"?}}`: `message` follows Accept-Language (ja unless it starts with en)."""

    error: ErrorBody


class ErrorBody(Struct):
    code: Annotated[str, Meta(description="Stable code to act on")]
    message: Annotated[str, Meta(description="A sentence in the Accept-Language")]
    detail: Annotated[str, Meta(description="Which parameter or field, and why")] | UnsetType = UNSET
    problems: list[Problem] | UnsetType = UNSET


class HsdsPage(Struct, Generic[T]):
    """An HSDS API Page"""

    total_items: Annotated[int, Meta(ge=0)]
    total_pages: Annotated[int, Meta(ge=1)]
    page_number: Annotated[int, Meta(ge=1)]
    size: Annotated[int, Meta(ge=1, le=MAX_PER_PAGE)]
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[T]


class ApiInfo(Struct):
    version: Literal[HSDS_VERSION]  # type: ignore[valid-type]
    profile: str | UnsetType = UNSET
    openapi_url: str | UnsetType = UNSET


class TaxonomyTerm(Struct, kw_only=True):
    id: TermId  # type: ignore[valid-type]
    taxonomy_id: Literal[tuple(t.id for t in TAXONOMIES)]  # type: ignore[valid-type]
    code: str
    name: str
    x_name_en: str | None | UnsetType = UNSET
    x_min_age: int | None | UnsetType = UNSET
    x_max_age: int | None | UnsetType = UNSET


class Schedule(Struct, kw_only=True):
    """An HSDS schedule row (RFC 5545 recurrence, JST by default)"""

    freq: str | None | UnsetType = UNSET
    byday: str | None | UnsetType = UNSET
    opens_at: str | None | UnsetType = UNSET
    closes_at: str | None | UnsetType = UNSET
    description: str | None | UnsetType = UNSET
    x_holidays: Annotated[Literal["open", "closed", "only", "after", "next_weekday"], Meta(description=(
        "Public holidays: the row also applies (open), not (closed), only on holidays (only), only the day after "
        "one (after), or on the first weekday after a holiday on its byday (next_weekday)"))] | UnsetType = UNSET
    x_uncertain: Annotated[bool, Meta(description=(
        "Something changes the hours on the days of this row and we could not read it (`description` says it "
        "word for word): open_at answers unknown on those days"))] | UnsetType = UNSET


class Location(Struct, kw_only=True):
    """An HSDS location; only its public point is ever served"""

    id: str
    name: str
    location_type: Literal["physical", "virtual", "postal"]
    x_coordinate_precision: Literal[PRECISIONS]  # type: ignore[valid-type]
    x_municipality_code: Code | None | UnsetType = UNSET
    latitude: Annotated[float, Meta(ge=-90, le=90)] | UnsetType = UNSET
    longitude: Annotated[float, Meta(ge=-180, le=180)] | UnsetType = UNSET


class Attribute(Struct, kw_only=True):
    taxonomy_term_id: Annotated[str, Meta(description=(
        "One of our terms (see /hsds/taxonomy_terms), or another taxonomy's term kept from an HSDS import, "
        "then with its `taxonomy_term` object (not used by the filters)"))]
    taxonomy_term: dict[str, Any] | UnsetType = UNSET


class ServiceAtLocation(Struct):
    location_id: str
    location: Location


class ServiceOrganization(Struct):
    id: str
    name: str
    x_member_category: Category  # type: ignore[valid-type]


class Service(Struct, kw_only=True):
    """An HSDS service with its organization and locations inlined"""

    id: str
    name: str
    status: Status  # type: ignore[valid-type]
    organization: ServiceOrganization
    service_at_locations: list[ServiceAtLocation]
    x_virtual: Annotated[bool, Meta(description="Online only: no physical place")]
    x_municipality_code: Code | None
    alternate_name: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    eligibility_description: str | UnsetType = UNSET
    application_process: str | UnsetType = UNSET
    fees_description: str | UnsetType = UNSET
    x_kind: Kind | UnsetType = UNSET  # type: ignore[valid-type]
    minimum_age: Age | UnsetType = UNSET
    maximum_age: Age | UnsetType = UNSET
    x_anonymous_ok: bool | UnsetType = UNSET
    x_accompaniment: bool | UnsetType = UNSET
    x_booking_required: bool | UnsetType = UNSET
    x_accepts_referrals: bool | UnsetType = UNSET
    x_free: bool | UnsetType = UNSET
    attributes: list[Attribute] | UnsetType = UNSET
    schedules: list[Schedule] | UnsetType = UNSET
    x_hours_uncertain: Annotated[bool, Meta(description=(
        "The hours have a part we could not read (see `x_hours_unparsed`): this service is never listed as open "
        "at a time we cannot vouch for; check with them"))] | UnsetType = UNSET
    x_hours_notes: Annotated[str, Meta(description="The hours notes as published (open data), word for word")] | UnsetType = UNSET
    x_hours_unparsed: Annotated[list[str], Meta(description="The sentences of the notes not read into `schedules`")] | UnsetType = UNSET
    x_name_en: Annotated[str, Meta(description="English name as published (名称_英字)")] | UnsetType = UNSET


class XBooth(Struct, kw_only=True):
    slug: Annotated[str, Meta(pattern=BOOTH_SLUG.pattern)]
    title: Annotated[str, Meta(min_length=1, max_length=80)]  # Japanese: what every client shows by default
    title_en: Annotated[str, Meta(max_length=80)] | UnsetType = UNSET  # English, shown when English is chosen


class Organization(Struct, kw_only=True):
    """An HSDS organization"""

    id: str
    name: str
    x_member_category: Category  # type: ignore[valid-type]
    x_municipality_code: Code | None
    description: str | UnsetType = UNSET
    email: str | UnsetType = UNSET
    website: str | UnsetType = UNSET
    x_booth: XBooth | None | UnsetType = UNSET


class ServiceSummary(Struct):
    id: str
    name: str
    status: Status  # type: ignore[valid-type]


class OrganizationDetail(Organization, kw_only=True):
    """An HSDS organization with its locations and services"""

    locations: list[Location]
    services: list[ServiceSummary]


class OrganizationEdit(Struct, kw_only=True):
    """One HSDS organization (with its locations and services); its id must be the one in the path"""

    id: Annotated[str, Meta(pattern=DOCUMENT_ID)]
    name: str
    locations: list[dict[str, Any]] | UnsetType = UNSET
    services: list[dict[str, Any]] | UnsetType = UNSET


class Geometry(Struct):
    type: Literal["Point"]
    coordinates: Annotated[list[float], Meta(min_length=2, max_length=2)]


class FeatureProperties(Struct, kw_only=True):
    service_id: str
    x_coordinate_precision: Literal["exact", "approximate", "municipality"]
    service: str | None | UnsetType = UNSET
    organization: str | None | UnsetType = UNSET
    location: str | None | UnsetType = UNSET
    x_kind: Literal[(*KINDS, None)] | UnsetType = UNSET  # type: ignore[valid-type]


class Feature(Struct):
    type: Literal["Feature"]
    id: Annotated[str, Meta(description="<service id>@<location id>")]
    geometry: Geometry
    properties: FeatureProperties


class FeatureCollection(Struct):
    """RFC 7946 GeoJSON; coordinates are [longitude, latitude]"""

    type: Literal["FeatureCollection"]
    features: list[Feature]


class ImportReport(Struct):
    organizations: Annotated[int, Meta(ge=0)]
    services: Annotated[int, Meta(ge=0)]
    locations: Annotated[int, Meta(ge=0)]
    committed: Annotated[bool, Meta(description="false: nothing was imported")]
    rejected: list[Problem]
