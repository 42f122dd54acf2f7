"""The directory's controlled vocabularies, as HSDS taxonomies and taxonomy terms.

Term ids are stable codes (`concern.school`) so that imports, searches and the
matcher refer to the same thing in every language; labels are Japanese first,
English second.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Taxonomy:
    id: str
    name: str
    name_en: str
    description: str


@dataclass(frozen=True, slots=True)
class Term:
    id: str  # "<taxonomy prefix>.<code>"
    taxonomy_id: str
    code: str
    name: str  # Japanese label
    name_en: str
    min_age: int | None = None  # life stages only: the age band the term covers
    max_age: int | None = None


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy("concern", "悩み・困りごと", "Concerns", "What a visitor may be worried about."),
    Taxonomy("interest", "興味・やりたいこと", "Interests", "What a visitor likes or would like to try."),
    Taxonomy("life_stage", "ライフステージ", "Life stages", "Age bands the directory and the matcher use."),
    Taxonomy("audience", "対象", "Audience", "Who a service is meant for."),
)


def _terms(taxonomy: str, rows: tuple[tuple[str, str, str], ...]) -> tuple[Term, ...]:
    return tuple(Term(f"{taxonomy}.{code}", taxonomy, code, ja, en) for code, ja, en in rows)


CONCERNS = _terms("concern", (
    ("school", "学校", "School"),
    ("family", "家族", "Family"),
    ("friends", "友人", "Friends"),
    ("self", "自分のこと", "Myself"),
    ("money", "生活・お金", "Living and money"),
    ("work", "仕事", "Work"),
    ("gender", "性・ジェンダー", "Sexuality and gender"),
    ("language", "外国語", "Foreign language"),
    ("health", "こころとからだ", "Mind and body"),
    ("loneliness", "ひとりぼっち", "Loneliness"),
    ("violence", "暴力・いじめ", "Violence and bullying"),
))

INTERESTS = _terms("interest", (
    ("music", "音楽", "Music"),
    ("games", "ゲーム", "Games"),
    ("sports", "スポーツ", "Sports"),
    ("art", "アート", "Art"),
    ("cooking", "料理", "Cooking"),
    ("study", "勉強", "Study"),
    ("nature", "自然", "Nature"),
    ("volunteering", "ボランティア", "Volunteering"),
    ("reading", "読書・マンガ", "Books and manga"),
    ("talking", "おしゃべり", "Just talking"),
    ("tech", "パソコン・プログラミング", "Computers and coding"),
))

LIFE_STAGES: tuple[Term, ...] = (
    Term("life_stage.elementary", "life_stage", "elementary", "小学生", "Elementary school", 6, 12),
    Term("life_stage.junior_high", "life_stage", "junior_high", "中学生", "Junior high school", 12, 15),
    Term("life_stage.high_school", "life_stage", "high_school", "高校生年代", "High-school age", 15, 18),
    Term("life_stage.18_24", "life_stage", "18_24", "18〜24歳", "18–24", 18, 24),
    Term("life_stage.25_39", "life_stage", "25_39", "25〜39歳", "25–39", 25, 39),
    Term("life_stage.40_plus", "life_stage", "40_plus", "40歳以上", "40 and over", 40, None),
)

AUDIENCES = _terms("audience", (
    ("youth", "子ども・若者", "Children and young people"),
    ("parents", "保護者", "Parents and carers"),
    ("foreign_residents", "外国にルーツのある人", "People with foreign roots"),
    ("lgbtq", "LGBTQ+", "LGBTQ+"),
    ("anyone", "どなたでも", "Anyone"),
))

TERMS: tuple[Term, ...] = CONCERNS + INTERESTS + LIFE_STAGES + AUDIENCES
TERMS_BY_ID: dict[str, Term] = {t.id: t for t in TERMS}

MEMBER_CATEGORIES = ("municipality", "npo", "company", "social_welfare_council", "other")
KINDS = ("居場所", "event", "consultation", "activity")  # x_kind of a service
FIRST_CONTACT = ("walk_in", "chat", "phone", "email", "form", "line")  # x_first_contact ways
PRECISIONS = ("exact", "approximate", "municipality", "hidden")  # x_coordinate_precision
