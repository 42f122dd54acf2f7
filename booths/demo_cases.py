"""The demo's good-practice cases (issue 16): twelve clearly fictional stories of the demo members.

Every organisation, place and number here is made up (架空); the organisations are those of
booths/demo_directory.py and the municipalities their real codes. Ids are fixed, so loading
the demo again stores nothing new unless a text here changed (then a new version).
"""
from __future__ import annotations

from booths.cases import PUBLISHED, SUBMITTED, CaseInput, Contact, Figure, Period
from booths.hsds import stable_id

NOTE = "(この事例は架空のデモです / a fictional demo case)"


def _org(slug: str) -> str:
    return stable_id("demo", slug)


def case_id(n: int) -> str:
    return f"demo-case-{n:02d}"


# (n, title, org slugs, municipality codes, themes, problem, action, outcome, figures, period, transferability, status)
_ROWS = (
    (1, "夜カフェで「家に帰りたくない」若者の居場所をつくる", ("minami-yorucafe",), ("111082",),
     ("case.ibasho", "concern.loneliness"), "夜に行き場のない10代が駅前で過ごしていた。",
     "週2回、夜7時〜10時に予約不要のカフェを開き、ユースワーカーが常駐した。",
     "顔なじみが増え、相談窓口につながる若者が出てきた。",
     (("来場者数(月)", 15, 62, "人"), ("相談窓口への紹介", 0, 9, "件")), ("2024-04", None), 2, PUBLISHED),
    (2, "こども食堂のネットワークで食材を融通しあう", ("koshigaya-cooking",), ("112224",),
     ("case.food", "interest.cooking"), "食堂ごとに食材の余りと不足が偏っていた。",
     "共有カレンダーと週1回の配送便で、余った食材を他の食堂へ回した。",
     "廃棄が減り、開催回数を増やせた。", (("廃棄量(月)", 40, 12, "kg"),), ("2023-10", "2025-03"), 3, PUBLISHED),
    (3, "市役所とNPOの合同オンライン相談", ("kumagaya-soudan", "saitama-ibasho"), ("112020", "111007"),
     ("case.public_private", "case.online", "concern.self"), "平日昼の窓口に若者が来られなかった。",
     "市の相談員とNPOのスタッフが交代でチャット相談を担当した。",
     "夜間の相談が全体の6割になった。", (("チャット相談件数(年)", None, 310, "件"),), ("2024-01", None), 2, PUBLISHED),
    (4, "多言語の学習サポートを大学生ボランティアと", ("kawaguchi-multicultural",), ("112038",),
     ("case.learning", "audience.foreign_residents", "case.volunteer"), "日本語が母語でない中学生が授業についていけなかった。",
     "大学生ボランティアが放課後に母語と日本語で宿題を手伝った。",
     "高校進学を希望する生徒が増えた。", (("参加生徒", 8, 27, "人"),), ("2023-04", None), 2, PUBLISHED),
    (5, "eスポーツ大会を入口にした不登校の子の外出支援", ("ageo-esports",), ("112194",),
     ("case.ibasho", "interest.games", "concern.school"), "家から出るきっかけがない子どもがいた。",
     "月1回の大会をオンラインと会場の両方で開き、会場に来る日を自分で選べるようにした。",
     "オンライン参加から会場参加に移った子が出てきた。", (("会場参加に移った人数", 0, 6, "人"),),
     ("2024-06", None), 3, PUBLISHED),
    (6, "森あそびで親子の孤立をほぐす", ("chichibu-nature",), ("112071",),
     ("case.ibasho", "interest.nature", "audience.parents"), "転入してきた家族が地域に知り合いがいなかった。",
     "週末に親子で参加できる森あそびを開き、地元の人が案内役をした。",
     "参加家族どうしで集まりが生まれた。", (), ("2023-05", "2024-11"), 2, PUBLISHED),
    (7, "ピアサポーター養成講座", ("asaka-pride",), ("112275",),
     ("case.peer", "concern.gender"), "同じ立場で話せる相手が身近にいなかった。",
     "当事者の若者を対象に全6回のピアサポーター講座を開いた。",
     "修了者が交流会の進行役を担うようになった。", (("修了者", None, 14, "人"),), ("2024-09", "2025-02"), 2, PUBLISHED),
    (8, "ひとり暮らしの若者に「おすそわけ便」", ("shiki-hitorigurashi", "kazo-kurashi"), ("112283", "112101"),
     ("case.food", "concern.money", "case.outreach"), "ひとり暮らしの若者が生活の困りごとを誰にも言えなかった。",
     "月1回、食品と一緒に相談先のカードを届けた。",
     "届け先の3割から相談が寄せられた。", (("届け先", 20, 75, "世帯"),), ("2024-04", None), 3, PUBLISHED),
    (9, "プログラミング道場で中高生が地域の課題アプリを作る", ("sakado-coding",), ("112399",),
     ("interest.tech", "case.learning"), "中高生が地域と関わる機会が少なかった。",
     "市の担当課から課題を出してもらい、中高生がアプリの試作品を作った。",
     "2つの試作品が市のイベントで使われた。", (), ("2024-07", "2025-01"), 2, PUBLISHED),
    (10, "学習カフェと就労相談の連携", ("misato-gakushu", "fukaya-shigoto"), ("112372", "112186"),
     ("case.employment", "concern.work", "case.public_private"), "高校中退後の進路相談の先がなかった。",
     "学習カフェに月1回、しごと相談員が出張した。",
     "高卒認定や職業訓練に進む人が出た。", (("出張相談", None, 24, "回"),), ("2024-04", None), 2, PUBLISHED),
    (11, "和紙づくりボランティアで世代をつなぐ", ("ogawa-washi", "soka-volunteer"), ("113433", "112216"),
     ("case.volunteer", "interest.art"), "伝統工芸の担い手が高齢化していた。",
     "若者ボランティアが職人と一緒に和紙づくりの体験会を運営した。",
     "体験会の参加者から継続ボランティアが生まれた。", (("継続ボランティア", 2, 11, "人"),), ("2023-08", None), 1,
     SUBMITTED),
    (12, "マンガ部屋を図書館と共同運営", ("kasukabe-manga",), ("112143",),
     ("case.ibasho", "interest.reading", "case.public_private"), "中高生が放課後に静かに過ごせる場所が少なかった。",
     "市立図書館の一室をNPOが共同で運営し、マンガと自習スペースを用意した。",
     "図書館の中高生の利用が増えた。", (("中高生の利用(月)", 120, 410, "人"),), ("2024-10", None), 3, PUBLISHED),
)


# Featured by the secretariat: these stand in the festival's 好事例ホール (booths/case_hall.py).
FEATURED = (1, 3, 5, 7, 8, 12)


def demo_cases() -> list[tuple[str, CaseInput]]:
    """(fixed id, case) for each demo case; contacts are fictional and for signed-in staff only."""
    out = []
    for n, title, orgs, codes, themes, problem, action, outcome, figures, (start, end), transfer, status in _ROWS:
        out.append((case_id(n), CaseInput(
            title=f"{title}(架空)", organizations=[_org(o) for o in orgs], municipalities=list(codes),
            themes=list(themes), problem=problem, action=action, outcome=f"{outcome}\n{NOTE}",
            period=Period(start=start, end=end), transferability=transfer, status=status, featured=n in FEATURED,
            figures=[Figure(label=label, before=before, after=after, unit=unit) for label, before, after, unit in figures],
            contacts=[Contact(name="事務局 担当(架空)", organization=f"{orgs[0]} (demo)", email=f"{orgs[0]}@example.org")])))
    return out
