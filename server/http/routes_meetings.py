"""The route table of the members' meeting space: part of the one route table in `server/http/routes.py`."""
from __future__ import annotations

from rooms.roles import ACCOUNT_ROLES
from server.http import meetings
from server.http import models_meetings as mm
from server.http.access import Roles
from server.http.route import GET, POST, body, err, ok
from server.http.shared_replies import ADMINS, BAD_BODY, TOO_LARGE

MEMBERS = Roles(*ACCOUNT_ROLES)  # hosts, moderators, admins: who may enter the staff rooms
MEETING_TEXT = ("A meeting of members in a staff-only room (`staff:<key>`): the agenda and links are pinned there "
                "(`pinned` over /ws). The server runs no video: `video_url` is an https link to the platform's "
                "video service.")
INVALID = {422: err("`invalid` (`error.detail` lists the fields) or `blocked` by moderation")}
NO_MEETING = {404: err("`not_found`: no such meeting")}
MEETINGS = [
    GET("/api/meetings", meetings.upcoming, "Upcoming meetings, the soonest first (staff accounts)", "meetings",
        access=MEMBERS, description=MEETING_TEXT, replies={200: ok(mm.Meetings, "Meetings that have not ended")}),
    POST("/api/meetings", meetings.schedule, "Schedule a meeting (the secretariat)", "meetings", access=ADMINS,
         body=body(mm.MeetingInput, f"At most {meetings.MAX_BODY // 1024} KB"), description=MEETING_TEXT,
         replies={201: ok(mm.Meeting, "Scheduled; pinned in its room"), **BAD_BODY, **TOO_LARGE, **INVALID}),
    POST("/api/meetings/{id}/breakout", meetings.breakout, "Split the meeting room into breakout groups", "meetings",
         access=ADMINS, params=(mm.MeetingIdPath,), body=body(mm.BreakoutInput),
         description="Hosts in the meeting room are dealt into groups of at most `size` (`staff:<key>-g<k>`) and "
                     "told so (`breakout {assign}` over /ws); admins and moderators stay in the meeting room.",
         replies={200: ok(mm.Breakout, "The group rooms"), **BAD_BODY, **NO_MEETING,
                  409: err("`conflict`: groups are already open, or no host is in the room")}),
    POST("/api/meetings/{id}/return", meetings.bring_back, "Bring everyone in the groups back to the meeting room",
         "meetings", access=ADMINS, params=(mm.MeetingIdPath,),
         replies={200: ok(mm.Breakout, "The groups that were told (`breakout {back_to}` over /ws)"), **NO_MEETING,
                  409: err("`conflict`: no groups are open")}),
    GET("/api/notices", meetings.notices, "The secretariat's notice board, newest first (staff accounts)", "meetings",
        access=MEMBERS, replies={200: ok(mm.Notices, "The newest notices")}),
    POST("/api/notices", meetings.post_notice, "Post a notice to members (the secretariat)", "meetings",
         access=ADMINS, body=body(mm.NoticeInput, f"At most {meetings.MAX_BODY // 1024} KB"),
         replies={201: ok(mm.Notice, "Posted"), **BAD_BODY, **TOO_LARGE, **INVALID}),
]
