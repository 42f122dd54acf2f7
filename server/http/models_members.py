"""The secretariat's routes (issue 15) as msgspec types: applications, their review, staff accounts, codes.

The application form is read as a plain object and checked by `booths.members.check_application`
(one rule for every field, answered with the field's name); the types here document it.
"""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from booths.members import STATUSES, TIERS
from booths.vocabulary import MEMBER_CATEGORIES
from rooms.roles import ACCOUNT_ROLES
from server.http.models import LoggedIn

Code6 = Annotated[str, Meta(pattern=r"^\d{6}$")]


class ApplicationForm(Struct, kw_only=True):
    """An organisation asks to join. `contact_*` is personal data: seen by admins only, erased after the
    retention period; at least an e-mail or a phone"""

    name: Annotated[str, Meta(min_length=1, max_length=200)]
    kind: Literal[MEMBER_CATEGORIES]  # type: ignore[valid-type]
    corporate_number: Annotated[str, Meta(description="法人番号: 13 digits with a valid check digit")] | None = None
    municipalities: Annotated[list[Code6], Meta(min_length=1, max_length=60,
                                                description="Municipality codes served (6 digits)")]
    tier: Literal[TIERS]  # type: ignore[valid-type]
    description: Annotated[str, Meta(min_length=1, max_length=2000, description="What the organisation does")]
    wants_booth: bool = False
    contact_name: Annotated[str, Meta(min_length=1, max_length=120)]
    contact_email: str | None = None
    contact_phone: str | None = None


class Applied(Struct, kw_only=True):
    """`key` is the applicant's, shown once: with it they read the answer and resubmit when asked"""

    id: str
    status: Literal["pending"]
    key: str


class ApplicantKey(Struct, kw_only=True):
    key: Annotated[str, Meta(max_length=64)]


class Resubmission(ApplicationForm, kw_only=True):
    """The whole form again, corrected, with the application's key"""

    key: Annotated[str, Meta(max_length=64)]


class ApplicantView(Struct, kw_only=True):
    """What the applicant sees: where it stands and the secretariat's note (no contact, nothing else)"""

    id: str
    status: Literal[STATUSES]  # type: ignore[valid-type]
    name: str
    note: str | None = None


class ApplicationIdPath(Struct, kw_only=True):
    id: str


class Contact(Struct, kw_only=True):
    name: str
    email: str | None = None
    phone: str | None = None


class ApplicationView(Struct, kw_only=True):
    """An application as the secretariat sees it; `contact` is null once erased"""

    id: str
    status: Literal[STATUSES]  # type: ignore[valid-type]
    organization_id: str
    name: str
    kind: str
    corporate_number: str | None = None
    municipalities: list[str]
    tier: str
    description: str
    wants_booth: bool
    contact: Contact | None = None
    note: str | None = None
    created_ms: int
    decided_ms: int | None = None


class Applications(Struct, kw_only=True):
    items: list[ApplicationView]
    contact_retention_days: int


class ApplicationsQuery(Struct, kw_only=True):
    status: Literal[STATUSES] | UnsetType = UNSET  # type: ignore[valid-type]


class ApplicationPath(Struct, kw_only=True):
    id: str
    action: Literal["approve", "changes", "decline"]


class Review(Struct, kw_only=True):
    """`note`: required to ask for changes or decline (it is the reason); `username`: the first host's
    (default host-<organisation>)"""

    note: Annotated[str, Meta(max_length=500)] | None = None
    username: str | None = None


class AccountView(Struct, kw_only=True):
    id: str
    username: str
    role: Literal[ACCOUNT_ROLES]  # type: ignore[valid-type]
    organization_id: str | None = None
    disabled: bool


class AccountList(Struct, kw_only=True):
    items: list[AccountView]


class NewAccount(Struct, kw_only=True):
    """A staff account; a host names its organisation (which must exist), others none"""

    username: str
    role: Literal[ACCOUNT_ROLES]  # type: ignore[valid-type]
    organization_id: str | None = None


class Issued(Struct, kw_only=True):
    """The account and its one-time sign-in code, shown this once (the server keeps only a digest)"""

    account: AccountView
    code: str
    code_expires_ms: int
    application: ApplicationView | UnsetType = UNSET
    mailed: Annotated[bool, Meta(description="An approval: the code was also mailed to the applicant's contact "
                                              "(SMTP configured, an e-mail given, the server took it)")] | UnsetType = UNSET


class AccountPath(Struct, kw_only=True):
    id: str
    action: Literal["disable", "enable", "code"]


class Changed(Struct, kw_only=True):
    """An account after `disable` or `enable`; `code` only after `code`"""

    account: AccountView
    code: str | UnsetType = UNSET
    code_expires_ms: int | UnsetType = UNSET


class FirstSignIn(Struct, kw_only=True):
    code: str
    password: Annotated[str, Meta(extra_json_schema={"format": "password"})]


class SignedIn(LoggedIn, kw_only=True):
    """The login's answer, with the username the holder signs in with from now on"""

    username: str


class CoverageQuery(Struct, kw_only=True):
    prefecture: Annotated[str, Meta(max_length=8, description="e.g. 埼玉県; default: the prefecture most "
                                                               "members serve")] | UnsetType = UNSET


class CoverageRow(Struct, kw_only=True):
    code: str
    name: str
    members: int
    services: int
    windows: Annotated[int, Meta(description="Consultation windows (services of kind consultation)")]


class Coverage(Struct, kw_only=True):
    """One row per municipality of the prefecture (zeros included); `covered` counts municipalities with ≥ 1"""

    prefecture: str | None
    prefectures: list[str]
    rows: list[CoverageRow]
    covered: dict[str, int]
