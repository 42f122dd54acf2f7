"""The directory health routes (issue 15) as msgspec types: listings' confirmation, import reports."""
from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct


class ServiceIdPath(Struct, kw_only=True):
    id: Annotated[str, Meta(max_length=64, description="A service id")]


class ListingState(Struct, kw_only=True):
    """One listing (an HSDS service): when a host of its organisation last confirmed it"""

    id: str
    name: str
    status: str
    confirmed_ms: Annotated[int | None, Meta(description="Unix ms; null: never confirmed by a member")]
    due: Annotated[bool, Meta(description="Public (`active`) and never confirmed, or not for `months` months")]


class Listings(Struct, kw_only=True):
    """Every service of the organisation (hidden ones too), by name"""

    organization_id: str
    months: Annotated[int, Meta(description="LISTING_CONFIRM_MONTHS")]
    due_before_ms: Annotated[int, Meta(description="Confirmed before this: due")]
    listings: list[ListingState]


class OrganisationHealth(Struct, kw_only=True):
    id: str
    name: str
    municipality: Annotated[str | None, Meta(description="Its municipality (prefecture and city), if it has one")]
    listings: int
    due: int
    never: Annotated[int, Meta(description="Never confirmed by a member (open-data rows until one claims them)")]
    oldest_confirmed_ms: int | None


class ImportSummary(Struct, kw_only=True):
    at_ms: int
    actor: Annotated[str, Meta(description="The admin's user id (as in the audit trail), or `cli`")]
    kind: Annotated[str, Meta(description="hsds, ods-facility or ods-event")]
    organizations: int
    services: int
    rejected: Annotated[int, Meta(description="Rows or documents left out")]
    committed: bool
    refused: Annotated[str | None, Meta(description="Why the file as a whole was refused")]


class DirectoryHealth(Struct, kw_only=True):
    """Organisations with listings due (most first) and the latest imports (newest first)"""

    months: int
    due_before_ms: int
    listings: int
    due: int
    organizations: list[OrganisationHealth]
    imports: list[ImportSummary]
