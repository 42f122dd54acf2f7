"""Which rooms a node serves: the festival's fixed rooms. Booth rooms come from the database
(server.realtime.booth_live.BoothLive.refresh_rooms), the demo's included."""
from __future__ import annotations

from booths.case_hall import CASE_HALL, CASE_HALL_TITLE
from rooms.registry import Catalogue
from rooms.room import RoomInfo

from server.config import Config

LOUNGE = "staff:lounge"


def catalogue(config: Config) -> Catalogue:
    """Lobby, two halls, a stage and the members' lounge always; talk circles and meeting rooms on demand."""
    rooms = {
        "lobby": RoomInfo("lobby", "ロビー / Lobby", None, 40, 30),
        "hall:1": RoomInfo("hall", "ホール1 / Hall 1", config.hall_capacity, 32, 24),
        "hall:2": RoomInfo("hall", "ホール2 / Hall 2", config.hall_capacity, 32, 24),
        CASE_HALL: RoomInfo("hall", CASE_HALL_TITLE, config.hall_capacity, 32, 24),
        "stage:1": RoomInfo("stage", "ステージ / Stage", None, 30, 20),
        LOUNGE: RoomInfo("staff", "メンバーラウンジ / Members' lounge", None, 24, 16),  # staff accounts only
    }
    circle = RoomInfo("circle", "おしゃべりサークル / Talk circle", config.circle_capacity, 12, 12, on_demand=True)
    return Catalogue(rooms, circle=circle, max_circles=config.max_circles)
