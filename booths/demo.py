"""The demo festival's booths: fictional member organisations in real places.

Everything here is fictional except the municipality names and codes (from
`shared/fixtures/municipalities`, CC0). The directory issue replaces this list
with booths loaded from the database; the shape (slug, title, organisation,
municipality code) stays.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoBooth:
    slug: str
    title: str
    organisation: str
    lgcode: str  # 全国地方公共団体コード of the organisation's home municipality


DEMO_BOOTHS: tuple[DemoBooth, ...] = (
    DemoBooth("kawagoe-music", "音楽であそぼう / Music corner", "川越ユースミュージック(架空)", "112011"),
    DemoBooth("chichibu-nature", "秩父の森あそび / Forest days", "ちちぶ自然学校(架空)", "112071"),
    DemoBooth("saitama-ibasho", "ふらっと居場所 / Drop-in space", "さいたま若者ひろば(架空)", "111007"),
    DemoBooth("tokorozawa-games", "ボードゲーム会 / Board games", "所沢あそび研究会(架空)", "112089"),
    DemoBooth("koshigaya-cooking", "みんなでごはん / Cook together", "越谷こども食堂ネット(架空)", "112224"),
    DemoBooth("kumagaya-soudan", "なんでも相談 / Talk to us", "熊谷市 若者相談窓口(架空)", "112020"),
)
