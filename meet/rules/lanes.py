"""A venue's lanes (道次): which can be used, and in what order the seeds draw them.

The rule, after World Athletics Technical Rules (Book C1.1) TR 20.4: in a race
run in lanes the best-seeded athletes draw for the middle lanes (on 8 lanes the
four best draw for lanes 3-6, the next two for 7 and 8, the last two for 1 and
2), the rest by lot; "where there are fewer or more than 8 lanes, the above
system with necessary modifications should be followed". A venue may state its
own lane-draw groups, best first ("4,5,3,6 | 2,7 | 1,8"; one lane per group
means lanes strictly by rank), and lanes it cannot use (a broken kerb, a
flooded lane 1). Without its own groups a venue follows the standard groups of
:func:`meet.rules.heats.standard_lane_groups` for its usable lanes.

A venue's groups are valid when every lane is on the track (1 to its lane
count), no lane is in two groups, no unusable lane is in a group, every usable
lane is in a group, and at least one lane is usable. One event may leave out
further lanes; those are taken out of the venue's groups (an empty group
disappears), or, with the standard groups, the standard groups are formed again
from the lanes left.

Source: World Athletics Book C1.1 TR 20.4-20.5; research notes meet_anchors.md (c)6.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from meet.rules.heats import standard_lane_groups

GROUP_SEPARATORS = re.compile(r"[|｜;；/\n]")
LANE_SEPARATORS = re.compile(r"[,，、\s]+")


class LaneInputError(ValueError):
    """Typed lanes that cannot be used; ``code`` names why, ``params`` the lanes."""

    def __init__(self, code: str, **params):
        super().__init__(f"{code} {params}")
        self.code = code
        self.params = params


def parse_lane_list(text: str) -> list[int]:
    """"1, 8" or "1、8" -> [1, 8] in the order typed (duplicates kept for the checks)."""
    out = []
    for part in LANE_SEPARATORS.split(text.strip()):
        if not part:
            continue
        if not part.isdecimal() or len(part) > 3:  # "²" is a digit int() refuses
            raise LaneInputError("not_numbers", text=part[:10])
        out.append(int(part))
    return out


def parse_groups(text: str) -> list[list[int]]:
    """"3,4,5,6 | 7,8 | 1,2" -> [[3, 4, 5, 6], [7, 8], [1, 2]]; empty groups are dropped."""
    groups = [parse_lane_list(part) for part in GROUP_SEPARATORS.split(text)]
    return [g for g in groups if g]


def format_groups(groups: Sequence[Sequence[int]] | None) -> str:
    """The typed form of ``groups``: [[3, 4], [5, 6]] -> "3,4 | 5,6"."""
    return " | ".join(",".join(str(lane) for lane in g) for g in groups or [])


def format_lanes(lanes: Iterable[int] | None) -> str:
    return ",".join(str(lane) for lane in lanes or [])


def check_unusable(lanes: int, unusable: Sequence[int]) -> list[int]:
    """The unusable lanes sorted, or LaneInputError: off the track, or every lane."""
    outside = sorted({lane for lane in unusable if not 1 <= lane <= lanes})
    if outside:
        raise LaneInputError("outside", lanes=lanes, lane=format_lanes(outside))
    out = sorted(set(unusable))
    if len(out) >= lanes:
        raise LaneInputError("all_unusable")
    return out


def check_priority(lanes: int, unusable: Sequence[int],
                   groups: Sequence[Sequence[int]]) -> list[list[int]]:
    """The groups as given, or LaneInputError naming the first fault found."""
    flat = [lane for g in groups for lane in g]
    outside = sorted({lane for lane in flat if not 1 <= lane <= lanes})
    if outside:
        raise LaneInputError("outside", lanes=lanes, lane=format_lanes(outside))
    twice = sorted({lane for lane in flat if flat.count(lane) > 1})
    if twice:
        raise LaneInputError("twice", lane=format_lanes(twice))
    barred = sorted(set(flat) & set(unusable))
    if barred:
        raise LaneInputError("unusable_in_priority", lane=format_lanes(barred))
    missing = sorted(set(range(1, lanes + 1)) - set(unusable) - set(flat))
    if missing:
        raise LaneInputError("missing", lane=format_lanes(missing))
    return [list(g) for g in groups]


def parse_venue_lanes(lanes: int | None, unusable_text: str, priority_text: str
                      ) -> tuple[list[int], list[list[int]] | None, dict[str, LaneInputError]]:
    """The organiser's typed venue lanes -> (unusable, groups or None, errors by field).

    ``groups`` is None when no priority is typed (the standard groups apply). Errors
    are keyed by the field they belong to: "unusable" or "priority".
    """
    errors: dict[str, LaneInputError] = {}
    unusable: list[int] = []
    groups: list[list[int]] | None = None
    try:
        typed = parse_lane_list(unusable_text or "")
        if typed and not lanes:
            raise LaneInputError("needs_lanes")
        unusable = check_unusable(lanes, typed) if typed else []
    except LaneInputError as error:
        errors["unusable"] = error
    try:
        typed_groups = parse_groups(priority_text or "")
        if typed_groups and not lanes:
            raise LaneInputError("needs_lanes")
        if typed_groups and "unusable" not in errors:
            groups = check_priority(lanes, unusable, typed_groups)
    except LaneInputError as error:
        errors["priority"] = error
    return unusable, groups, errors


def lane_groups(lanes: int, priority: Sequence[Sequence[int]] | None = None,
                unusable: Iterable[int] = (), also_unusable: Iterable[int] = ()
                ) -> list[list[int]]:
    """The lane-draw groups best first for a venue of ``lanes`` lanes.

    ``priority`` is the venue's own groups (None: the standard groups); ``unusable``
    the venue's unusable lanes; ``also_unusable`` those one event leaves out as well.
    """
    out = set(unusable) | set(also_unusable)
    if not priority:
        return standard_lane_groups(lanes, sorted(out))
    groups = [[lane for lane in g if lane not in out and 1 <= lane <= lanes] for g in priority]
    return [g for g in groups if g]
