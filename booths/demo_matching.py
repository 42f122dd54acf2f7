"""The demo's needs and offers (NPO–company matching, issue 16): 24 clearly fictional listings of the demo members.

Every organisation, amount and plan here is made up (架空); the organisations are those of
booths/demo_directory.py and the municipalities their real codes. Most periods have no end so
the demo keeps matching whenever it is started. Some needs are left without an offer on
purpose, so the secretariat's "nobody offers" table has rows. Ids are fixed: loading the demo
again writes nothing unless a text here changed.
"""
from __future__ import annotations

from booths.cases import Period
from booths.hsds import stable_id
from booths.matching_listing import NEED, OFFER, ListingInput

NOTE = "(架空のデモです / a fictional demo listing)"

# (id, org slug, side, kind, skill, title, quantity, (start, end), municipalities, themes, sdgs, description)
_ROWS = (
    ("need-01", "minami-yorucafe", NEED, "volunteers", None, "夜カフェの見守りボランティア", 4, ("2026-04", None),
     ("111082",), ("case.ibasho", "concern.loneliness"), (3, 10), "平日夜に若者と一緒に過ごしてくれる人を探しています。"),
    ("need-02", "koshigaya-cooking", NEED, "goods", None, "こども食堂の食材(お米・野菜)", 200, ("2026-01", None),
     ("112224",), ("case.food", "interest.cooking"), (1, 2), "月に一度、食材を届けてもらえると助かります。"),
    ("need-03", "kawaguchi-multicultural", NEED, "skills", "translation", "学習支援の教材翻訳(ベトナム語・ネパール語)",
     40, ("2026-04", "2027-03"), ("112038",), ("case.learning", "audience.foreign_residents"), (4, 10),
     "中学生向けのプリントを母語に訳してくれる方を探しています。"),
    ("need-04", "saitama-ibasho", NEED, "venue", None, "週末の居場所に使える会場", 8, ("2026-04", None),
     ("111007",), ("case.ibasho", "audience.youth"), (11,), "さいたま市内で、土曜の午後に使える部屋を探しています。"),
    ("need-05", "kasukabe-manga", NEED, "funds", None, "マンガ部屋の本棚と本の購入費", 300000, ("2026-06", None),
     ("112143",), ("case.ibasho", "interest.reading"), (4,), "本棚3台と新しい本の購入に使います。"),
    ("need-06", "iruma-hidamari", NEED, "publicity", None, "居場所のチラシを地域に届けたい", 3, ("2026-04", None),
     ("112259",), ("case.outreach", "concern.loneliness"), (3,), "お店や駅にチラシを置いてくれる協力先を探しています。"),
    ("need-07", "sakado-coding", NEED, "volunteers", None, "プログラミング道場のメンター", 3, ("2026-05", None),
     ("112399",), ("interest.tech", "case.learning"), (4, 9), "中高生のアプリづくりを手伝ってくれる社会人を探しています。"),
    ("need-08", "misato-gakushu", NEED, "data_it", None, "学習カフェの参加記録の集計", 20, ("2026-04", "2027-03"),
     ("112372",), ("case.learning", "interest.study"), (4,), "紙の記録を表計算にまとめて、報告書の数字を出したい。"),
    ("need-09", "chichibu-nature", NEED, "funds", None, "森あそびの保険料と交通費", 150000, ("2026-04", None),
     ("112071",), ("interest.nature", "audience.parents"), (15,), "親子向けの森あそびを続けるための費用です。"),
    ("need-10", "asaka-pride", NEED, "skills", "design", "ピアサポート講座のチラシデザイン", 10, ("2026-04", None),
     ("112275",), ("case.peer", "concern.gender"), (5, 10), "安心して読めるチラシを一緒につくってくれる方を探しています。"),
    ("need-11", "shiki-hitorigurashi", NEED, "goods", None, "おすそわけ便の保存食", 100, ("2026-04", None),
     ("112283",), ("case.food", "concern.money"), (1, 2), "ひとり暮らしの若者に届ける保存食を探しています。"),
    ("need-12", "ogawa-washi", NEED, "venue", None, "和紙づくり体験会の会場(比企地域)", 4, ("2026-04", None),
     ("113433",), ("interest.art", "case.volunteer"), (11,), "小川町の近くで、水が使える会場を探しています。"),
    ("need-13", "honjo-dance", NEED, "skills", "photo_video", "発表会の記録動画の撮影", 6, ("2026-04", None),
     ("112119",), ("interest.music",), (3,), "発表会を撮影・編集してくれる方を探しています。"),
    ("need-14", "wako-science", NEED, "skills", "accounting", "助成金の会計報告の手伝い", 12, ("2026-04", None),
     ("112291",), ("case.learning",), (4,), "会計報告の書き方を教えてくれる方を探しています。"),
    ("offer-01", "urawa-english", OFFER, "volunteers", None, "社員ボランティア(夜の見守り・学習支援)", 6,
     ("2026-04", None), ("111007", "111082"), ("case.ibasho", "case.learning"), (4, 10),
     "月に2回、社員が夜の居場所や学習支援に参加できます。"),
    ("offer-02", "ageo-esports", OFFER, "venue", None, "eスポーツ施設の貸し出し(土曜午後)", 12, ("2026-04", None),
     ("112194", "111007"), ("case.ibasho", "interest.games"), (11,), "土曜の午後、施設を無償でお貸しできます。"),
    ("offer-03", "hanno-craft", OFFER, "funds", None, "地域の子ども・若者の活動への寄付", 500000, ("2026-04", None),
     ("112097", "112071", "112143"), ("interest.nature", "interest.reading", "case.ibasho"), (4, 15),
     "木工品の売上の一部を、地域の子ども・若者の活動に寄付します。"),
    ("offer-04", "sakado-coding", OFFER, "data_it", None, "NPOのデータ整理のお手伝い(オンライン)", 30, ("2026-04", None),
     (), ("case.learning", "interest.tech"), (4, 17), "表計算やアンケートの集計をオンラインで手伝えます。"),
    ("offer-05", "iwatsuki-craft", OFFER, "skills", "design", "チラシ・ポスターのデザイン(プロボノ)", 20,
     ("2026-04", None), ("111104", "112275", "112216"), ("case.peer", "interest.art"), (5, 10),
     "デザイナーがチラシやポスターをつくります。"),
    ("offer-06", "urawa-english", OFFER, "skills", "translation", "翻訳ボランティア(英語・ベトナム語)", 30,
     ("2026-04", "2027-03"), ("112038", "111007"), ("audience.foreign_residents", "case.learning"), (4, 10),
     "社員が教材やお知らせの翻訳を手伝えます。"),
    ("offer-07", "ageo-esports", OFFER, "publicity", None, "店内・SNSでの活動紹介", 4, ("2026-04", None),
     ("112194", "112259"), ("case.outreach", "interest.games"), (3,), "店内掲示とSNSで、地域の居場所を紹介できます。"),
    ("offer-08", "soka-volunteer", OFFER, "volunteers", None, "学生ボランティアの紹介", 10, ("2026-04", None),
     ("112216", "112224", "112399"), ("case.volunteer", "interest.tech", "case.learning"), (4, 17),
     "登録している学生ボランティアを紹介できます。"),
    ("offer-09", "kumagaya-soudan", OFFER, "venue", None, "市の会議室の貸し出し(平日夜)", 6, ("2026-04", None),
     ("112020",), ("concern.self", "case.public_private"), (16, 17), "平日夜に市の会議室をお貸しできます。"),
    ("offer-10", "hanno-craft", OFFER, "goods", None, "木工の端材(工作用)", 50, ("2026-04", None),
     ("112097",), ("interest.art",), (12,), "工作に使える木の端材をお分けします。"),
)


def listing_id(key: str) -> str:
    return f"demo-{key}"


def demo_listings() -> list[tuple[str, ListingInput]]:
    """(fixed id, listing) for each demo need and offer."""
    return [(listing_id(key), ListingInput(
        organization=stable_id("demo", slug), side=side, kind=kind, skill=skill, title=f"{title}(架空)",
        quantity=quantity, period=Period(start=start, end=end), municipalities=list(codes), themes=list(themes),
        sdgs=list(sdgs), description=f"{text}\n{NOTE}"))
        for key, slug, side, kind, skill, title, quantity, (start, end), codes, themes, sdgs, text in _ROWS]
