"""The festival's one time zone: Japan Standard Time.

Defined here, in the innermost package, so that every layer (rooms, booths,
moderation, server, tests) reads the same clock face. A fixed +09:00 offset:
Japan has kept no daylight saving time since 1951, so it equals Asia/Tokyo for
every date the festival sees and needs no tz database on the host.
"""
from __future__ import annotations

import datetime as dt

JST = dt.timezone(dt.timedelta(hours=9), "JST")
