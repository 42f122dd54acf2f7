"""The column layouts of municipal open-data lists (公共施設一覧, イベント一覧) and how a header is recognised.

Three generations are read: the older 推奨データセット, the newer 自治体標準オープンデータセット, and for
events the layout published through the national base-registry catalogue. Column names met in the
wild are mapped to one canonical name each (_ALIASES), after NFKC normalisation of the header.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

__all__ = ["LAYOUTS", "detect_layout"]


class OpenDataError(ValueError):
    """The file as a whole cannot be read (encoding, garbage, unknown header)."""


# Canonical (NFKC) column names per layout. Old facility/event: 推奨データセット.
# New: 自治体標準オープンデータセット. Columns may come in any order; only the name
# column is required. Aliases seen in the wild are listed in _ALIASES.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "facility-old": (
        "都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "名称", "名称_カナ",
        "名称_通称", "POIコード", "住所", "方書", "緯度", "経度", "電話番号", "内線番号", "法人番号",
        "団体名", "利用可能曜日", "開始時間", "終了時間", "利用可能日時特記事項", "説明",
        "バリアフリー情報", "URL", "備考",
    ),
    "facility-new": (
        "全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英字", "名称_通称",
        "POIコード", "外部識別子", "外部識別子の値", "所在地_全国地方公共団体コード", "町字ID",
        "所在地_連結表記", "所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下",
        "建物名等(方書)", "緯度", "経度", "高度の種別", "高度の値", "電話番号", "内線番号",
        "連絡先メールアドレス", "連絡先FormURL", "連絡先備考(その他、SNSなど)", "郵便番号", "法人番号",
        "団体名", "利用可能曜日", "開始時間", "終了時間", "利用可能日時特記事項", "説明", "バリアフリー情報",
        "URL", "画像", "画像_ライセンス", "備考",
    ),
    "event-old": (
        "都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "イベント名",
        "イベント名_カナ", "イベント名_英字", "開始日", "終了日", "開始時間", "終了時間",
        "開始日時特記事項", "説明", "料金(基本)", "料金(詳細)", "連絡先名称", "連絡先電話番号",
        "連絡先内線番号", "主催者", "場所名称", "住所", "方書", "緯度", "経度", "アクセス方法",
        "駐車場情報", "定員", "参加申込終了日", "参加申込終了時間", "参加申込方法", "URL", "備考",
    ),
    "event-new": (
        "全国地方公共団体コード", "法人番号", "ID", "地方公共団体名", "イベント名", "言語コード",
        "イベント通称", "サブタイトル", "イベント名_カナ", "イベント名_英語", "コンテンツURL", "状態",
        "キーワード", "タグ", "対象となる産業", "開催パターン", "開始日", "終了日", "開始時間", "終了時間",
        "開始日時特記事項", "所要時間", "掲載開始日", "掲載終了日", "概要", "説明", "サブイベント",
        "イベント種類", "料金(基本)", "料金(詳細)", "連絡先名称", "連絡先電話番号", "連絡先内線番号",
        "主催者", "共催団体", "関連組織", "対象者", "対象者備考", "場所名称", "集合(受付)場所",
        "所在地_全国地方公共団体コード", "町字ID", "所在地_連結表記", "所在地_都道府県", "所在地_市区町村",
        "所在地_町字", "所在地_番地以下", "建物名等(方書)", "緯度", "経度", "アクセス方法", "駐車場情報",
        "駐車場料金", "駐輪場情報", "Web開催", "Web開催URL", "ツール・環境", "定員", "定員備考",
        "料金種別", "決済種別", "外国語対応", "外国語対応備考", "開催条件", "参加申込終了日",
        "参加申込終了時間", "参加申込方法", "申込開始日", "申込開始時刻", "申込URL", "URL", "授乳室",
        "おむつ替えコーナー", "飲食可否", "ベビーカー貸出", "ベビーカー利用", "画像", "画像_ライセンス",
        "備考", "イベントジャンル",
    ),
    # イベント一覧 as published through the national base-registry catalogue (e.g. by 128 municipalities):
    # 名称 for イベント名, 開始時刻/終了時刻, the address split over 住所… columns. Read through _ALIASES.
    "event-registry": (
        "全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英字", "開始日", "終了日",
        "開始時刻", "終了時刻", "開始日時特記事項", "説明", "料金(基本)", "料金(詳細)", "連絡先名称",
        "連絡先電話番号", "連絡先内線番号", "連絡先メールアドレス", "主催者", "場所名称", "住所都道府県",
        "住所市区町村", "住所町字", "住所番地以下", "住所建物名等", "郵便番号", "緯度", "経度", "定員", "URL", "備考",
    ),
}
# alias -> canonical. Headers are NFKC-normalised first, so （） and ( ) already agree.
_ALIASES = {
    "方書": "建物名等(方書)",
    "建物名等": "建物名等(方書)",
    "名称_英語": "名称_英字",
    "イベント名_英字": "イベント名_英語",
    "連絡先備考": "連絡先備考(その他、SNSなど)",
    "連絡先備考(その他SNSなど)": "連絡先備考(その他、SNSなど)",
    "所在地": "所在地_連結表記",
    "市区町村コード": "都道府県コード又は市区町村コード",
    "利用可能時間特記事項": "利用可能日時特記事項",  # the 56-column facility list's name for the hours notes
    "利用開始時間": "開始時間",
    "利用終了時間": "終了時間",
    "利用可能な曜日": "利用可能曜日",
    "開始時刻": "開始時間",
    "終了時刻": "終了時間",
    "地方公共団体コード": "全国地方公共団体コード",
    "住所都道府県": "所在地_都道府県",
    "住所_都道府県": "所在地_都道府県",
    "住所市区町村": "所在地_市区町村",
    "住所_市区町村": "所在地_市区町村",
    "住所町字": "所在地_町字",
    "住所_町字": "所在地_町字",
    "住所番地以下": "所在地_番地以下",
    "住所_番地以下": "所在地_番地以下",
    "住所番地": "所在地_番地以下",
    "住所建物名等": "建物名等(方書)",
    "住所建物名": "建物名等(方書)",
    "住所_建物名等": "建物名等(方書)",
}
_EVENT_MARKERS = {"開始日", "終了日", "開始時刻", "終了時刻", "開始日時", "開催日", "開始日時特記事項"}
_REGISTRY_MARKERS = {"開始時刻", "終了時刻", "住所都道府県", "住所市区町村", "住所町字", "住所番地以下"}
_OLD_MARKERS = {"都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "住所"}
_NEW_MARKERS = {
    "全国地方公共団体コード", "ID", "地方公共団体名", "所在地_連結表記", "所在地_都道府県",
    "所在地_市区町村", "建物名等(方書)", "所在地_全国地方公共団体コード",
}


def _header_key(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).replace("\ufeff", "").strip()
    return re.sub(r"\s+", "", s)


def detect_layout(header: Iterable[str]) -> str:
    """Name the layout from the header row: facility-old/new, event-old/new or event-registry.

    Raises OpenDataError when the header has neither a facility nor an event name column.
    """
    cols = {_header_key(h) for h in header}
    registry = "名称" in cols and "イベント名" not in cols and bool(cols & _EVENT_MARKERS)
    is_event = "イベント名" in cols or registry
    is_facility = "名称" in cols and not registry
    if is_event == is_facility:
        raise OpenDataError(
            "unrecognised header: expected 名称 (公共施設一覧) or イベント名 (イベント一覧)"
            + (", found both" if is_event else f", found {sorted(cols)[:8]}")
        )
    if registry and (cols & _REGISTRY_MARKERS or not cols & _OLD_MARKERS):
        return "event-registry"
    old = len(cols & _OLD_MARKERS)
    new = len(cols & _NEW_MARKERS)
    generation = "old" if old > new else "new"  # a bare "名称,緯度,経度" reads the same either way
    return f"{'event' if is_event else 'facility'}-{generation}"
