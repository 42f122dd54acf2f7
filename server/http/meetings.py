"""The members' meeting space over HTTP (issue 15): the secretariat schedules meetings, splits a meeting
room into breakout groups and brings everyone back, and posts notices; members (every staff account)
read the upcoming meetings and the notice board.

Every text members will read passes the moderation pipeline (personal data, NG words), as hosts'
texts do; every change is audited.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from booths import meetings as rules
from server.http.bodies import error_response, json_response, read_body, request_lang
from server.http.members import audit
from server.http.models_meetings import BreakoutInput, MeetingInput, NoticeInput
from server.http.moderation_actions import content_blocked
from server.realtime.meetings import back_event, pinned_event, split_event
from server.store.meetings import Meeting, MeetingStore
from server.tokens import Identity

if TYPE_CHECKING:
    from server.realtime.node import Node

MAX_BODY = 16 * 1024


def _store(request: web.Request) -> MeetingStore:
    return request.app["meetings"]


async def upcoming(request: web.Request) -> web.Response:
    """Meetings that have not ended, the soonest first (any staff account)."""
    return json_response({"meetings": [m.as_dict() for m in await _store(request).upcoming()]})


async def schedule(request: web.Request) -> web.Response:
    lang = request_lang(request)
    identity: Identity = request["identity"]
    doc = await read_body(request, MeetingInput, MAX_BODY)
    if isinstance(doc, web.Response):
        return doc
    problems = rules.problems(doc)
    if problems:
        return error_response(422, "invalid", "meeting_invalid", lang,
                              "; ".join(f"{p.field}: {p.message}" for p in problems))
    node: Node = request.app["node"]
    blocked = content_blocked(node, identity, rules.texts(doc), doc.room)
    if blocked is not None:
        return blocked
    made = await _store(request).schedule(doc, identity.user_id)
    audit(request, identity, "meeting", made.id, None, room=made.room, title=made.title[:80])
    node.bus.publish(made.room, pinned_event(made.room, await _store(request).in_room(made.room) or made))
    return json_response(made.as_dict(), status=201)


async def _meeting(request: web.Request) -> Meeting | web.Response:
    found = await _store(request).get(request.match_info["id"])
    if found is None:
        return error_response(404, "not_found", "meeting_not_found", request_lang(request))
    return found


async def breakout(request: web.Request) -> web.Response:
    """Split the meeting room: hosts in it are told their group room; admins and moderators stay."""
    lang = request_lang(request)
    identity: Identity = request["identity"]
    found = await _meeting(request)
    if isinstance(found, web.Response):
        return found
    if found.groups:
        return error_response(409, "conflict", "breakout_open", lang)
    size = await read_body(request, BreakoutInput, 1024)
    if isinstance(size, web.Response):
        return size
    node: Node = request.app["node"]
    here = [(m["id"], m["role"]) for m in await node.state.everyone(found.room)]
    assignment = rules.assign(found.id, found.room, here, size.size)
    if not assignment:
        return error_response(409, "conflict", "breakout_nobody", lang)
    groups = len(set(assignment.values()))
    await _store(request).set_groups(found.id, groups)
    node.bus.publish(found.room, split_event(found, assignment))
    audit(request, identity, "breakout", found.id, None, room=found.room, groups=groups, size=size.size)
    return json_response({"groups": rules.group_rooms(found.room, groups), "moved": len(assignment)})


async def bring_back(request: web.Request) -> web.Response:
    """Everyone in the groups back to the meeting room."""
    lang = request_lang(request)
    identity: Identity = request["identity"]
    found = await _meeting(request)
    if isinstance(found, web.Response):
        return found
    if not found.groups:
        return error_response(409, "conflict", "breakout_none", lang)
    groups = rules.group_rooms(found.room, found.groups)
    await _store(request).set_groups(found.id, 0)
    node: Node = request.app["node"]
    for group in groups:
        node.bus.publish(group, back_event(group, found))
    audit(request, identity, "regroup", found.id, None, room=found.room, groups=len(groups))
    return json_response({"groups": groups, "moved": 0})


async def notices(request: web.Request) -> web.Response:
    return json_response({"notices": [n.as_dict() for n in await _store(request).notices()]})


async def post_notice(request: web.Request) -> web.Response:
    identity: Identity = request["identity"]
    doc = await read_body(request, NoticeInput, MAX_BODY)
    if isinstance(doc, web.Response):
        return doc
    if not doc.title.strip():
        return error_response(422, "invalid", "notice_invalid", request_lang(request), "title")
    blocked = content_blocked(request.app["node"], identity, [doc.title, doc.body], None)
    if blocked is not None:
        return blocked
    notice = await _store(request).post_notice(doc.title, doc.body, identity.user_id)
    audit(request, identity, "notice", notice.id, None, title=notice.title[:80])
    return json_response(notice.as_dict(), status=201)
