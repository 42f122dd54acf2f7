"""Staff accounts over HTTP (issue 15): the secretariat creates, disables and re-enables them, and a
new account's holder signs in the first time with a one-time code.

Nobody chooses a password for someone else: a new account gets a one-time sign-in code, shown
once to the admin who made it (no mail server is assumed), and its holder sets the password at
`/host` (or `/mod`, `/admin`) with `POST /api/auth/first-sign-in`. A host belongs to exactly one
organisation, which must exist in the directory. Disabling ends every session of the account at
once: HTTP asks the database on every request, and every node closes the account's `/ws`
sockets (4001) when told over the bus (`ctl.AccountDisabled`). An admin cannot disable their own account (the last admin could lock the
secretariat out). Every step is audited.
"""
from __future__ import annotations

import secrets

from aiohttp import web

from rooms.control import AccountDisabled
from rooms.roles import HOST
from server.http.bodies import error_response, json_response, read_body, request_lang
from server.http.limits import address_hash, client_of
from server.http.members import account_view, accounts_of, audit, members_of, public_allowed
from server.http.models_members import FirstSignIn, NewAccount
from server.store.accounts import AccountError, password_problem
from server.realtime.node import Node
from server.store.directory import DirectoryStore
from server.tokens import Identity


async def list_accounts(request: web.Request) -> web.Response:
    return json_response({"items": [account_view(a) for a in await accounts_of(request).every_account()]})


async def create_account(request: web.Request) -> web.Response:
    lang = request_lang(request)
    identity: Identity = request["identity"]
    body = await read_body(request, NewAccount, 4096)
    if isinstance(body, web.Response):
        return body
    org = None
    if body.role == HOST:
        directory: DirectoryStore = request.app["directory"]
        org = await directory.organization_id_for(body.organization_id or "")
        if org is None:
            return error_response(400, "organization_required", "organization_unknown", lang, "organization_id")
    elif body.organization_id:
        return error_response(400, "bad_role", "organization_only_hosts", lang, "organization_id")
    made = await accounts_of(request).create_user(body.username, secrets.token_urlsafe(24), body.role, org)
    if isinstance(made, AccountError):
        status = 409 if made.code == "username_taken" else 400
        return error_response(status, made.code, made.code if made.code in ("username_taken", "bad_username")
                              else "bad_account", lang, made.message)
    code, expires = await members_of(request).issue_code(made.id)
    audit(request, identity, "account_new", made.id, None, role=made.role, organization_id=org)
    return json_response({"account": account_view(made), "code": code, "code_expires_ms": expires}, status=201)


async def account_action(request: web.Request) -> web.Response:
    """disable / enable / code (a new one-time code, for a holder who lost the password)."""
    lang = request_lang(request)
    identity: Identity = request["identity"]
    accounts = accounts_of(request)
    target = await accounts.by_id(request.match_info["id"])
    if target is None:
        return error_response(404, "not_found", "account_not_found", lang)
    action = request.match_info["action"]
    extra: dict[str, object] = {}
    if action == "disable":
        if target.id == identity.user_id:
            return error_response(409, "own_account", "own_account", lang)
        await accounts.disable(target.id)
        node: Node = request.app["node"]
        node.moderating.tell(AccountDisabled(target.id))  # its open sockets close on every node, now
    elif action == "enable":
        await accounts.enable(target.id)
    else:
        code, expires = await members_of(request).issue_code(target.id)
        extra = {"code": code, "code_expires_ms": expires}
    audit(request, identity, action if action != "code" else "account_new", target.id, None, code=action == "code")
    return json_response({"account": account_view(await accounts.by_id(target.id)), **extra})


async def first_sign_in(request: web.Request) -> web.Response:
    """Spend a one-time code, set the password and sign in; a code works once."""
    refused = public_allowed(request)
    if refused is not None:
        return refused
    lang = request_lang(request)
    body = await read_body(request, FirstSignIn, 4096)
    if isinstance(body, web.Response):
        return body
    weak = password_problem(body.password)  # checked before the code is spent, so a short password costs nothing
    if weak is not None:
        return error_response(400, weak.code, "weak_password", lang, weak.message)
    account_id = await members_of(request).spend_code(body.code)
    accounts = accounts_of(request)
    account = await accounts.by_id(account_id) if account_id else None
    if account is None or account.disabled:
        return error_response(401, "bad_code", "bad_code", lang)
    await accounts.set_password(account.id, body.password)
    outcome = await accounts.login(account.username, body.password, address_hash(request, client_of(request)))
    if isinstance(outcome, AccountError):
        return error_response(503, outcome.code, "busy", lang, outcome.message)
    token, found, expires_ms = outcome
    audit(request, Identity(found.id, found.role, found.organization_id), "first_sign_in", found.id)
    return json_response({"token": token, "expires_ms": expires_ms, "user_id": found.id, "role": found.role,
                          "organization_id": found.organization_id, "username": found.username})
