import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.rules.advancement import AdvancementError, advance
from meet.rules.marks import Status
from meet.rules.ranking import rank_distances, rank_times


def heat(prefix, times):
    return rank_times({f"{prefix}{i}": t for i, t in enumerate(times, 1)})


def codes(adv):
    return {q.entry: q.code for q in adv.qualifiers}


def test_first_k_by_place_then_fastest_losers():
    heats = [heat("a", [10100, 10200, 10300, 10400]),
             heat("b", [10150, 10250, 10350, 10360]),
             heat("c", [10120, 10220, 10320, 10600])]
    adv = advance(heats, by_place=2, by_mark=2)
    assert codes(adv) == {"a1": "Q", "a2": "Q", "b1": "Q", "b2": "Q", "c1": "Q", "c2": "Q",
                          "a3": "q", "c3": "q"}
    assert adv.draws == () and adv.empty_spots == 0


def test_seeding_heat_winners_then_seconds_then_time_qualifiers():
    heats = [heat("a", [10100, 10200, 10300]), heat("b", [10050, 10250, 10310])]
    adv = advance(heats, by_place=2, by_mark=1)
    assert adv.entries() == ["b1", "a1", "a2", "b2", "a3"]
    assert [q.seed_rank for q in adv.qualifiers] == [1, 2, 3, 4, 5]


def test_tie_for_last_q_spot_both_advance_when_lanes_allow():
    heats = [heat("a", [10100, 10200, 10300]), heat("b", [10100, 10200, 10300])]
    adv = advance(heats, by_place=2, by_mark=1, capacity=8)
    assert codes(adv) == {"a1": "Q", "a2": "Q", "b1": "Q", "b2": "Q", "a3": "q", "b3": "q"}
    assert adv.qualifiers[-1].seed_rank == adv.qualifiers[-2].seed_rank == 5


def test_tie_for_last_q_spot_without_room_is_a_recorded_draw():
    heats = [heat("a", [10100, 10200, 10300]), heat("b", [10100, 10200, 10300])]
    adv = advance(heats, by_place=2, by_mark=1, seed=7)
    drawn = [q for q in adv.qualifiers if q.code == "qD"]
    assert len(drawn) == 1 and drawn[0].entry in ("a3", "b3")
    (draw,) = adv.draws
    assert (draw.seed, draw.route, draw.contenders, draw.spots) == (7, "mark", ("a3", "b3"), 1)
    assert draw.winners == (drawn[0].entry,)
    assert advance(heats, by_place=2, by_mark=1, seed=7) == adv  # same seed, same draw
    winners = {advance(heats, by_place=2, by_mark=1, seed=s).draws[0].winners for s in range(20)}
    assert winners == {("a3",), ("b3",)}


def test_a_draw_without_a_seed_is_an_error():
    heats = [heat("a", [10100, 10200, 10300]), heat("b", [10100, 10200, 10300])]
    with pytest.raises(AdvancementError) as err:
        advance(heats, by_place=2, by_mark=1)
    assert err.value.code == "seed"


def test_tie_for_last_q_place_in_a_heat():
    heats = [heat("a", [10100, 10200, 10200, 10400]), heat("b", [10100, 10200, 10300, 10500])]
    roomy = advance(heats, by_place=2, by_mark=0, capacity=5)
    assert codes(roomy) == {"a1": "Q", "a2": "Q", "a3": "Q", "b1": "Q", "b2": "Q"}
    tight = advance(heats, by_place=2, seed=3)
    assert sorted(codes(tight).values()) == ["Q", "Q", "Q", "qD"]
    assert tight.draws[0].route == "place" and tight.draws[0].heat == 0


def test_q_draw_loser_can_still_qualify_by_time():
    heats = [heat("a", [10100, 10200, 10200]), heat("b", [10100, 10300, 10500])]
    adv = advance(heats, by_place=2, by_mark=1, seed=1)
    c = codes(adv)
    assert c["a1"] == c["b1"] == c["b2"] == "Q"
    assert sorted([c["a2"], c["a3"]]) == ["q", "qD"]


def test_thousandths_or_countback_mean_no_tie_reaches_advancement():
    heats = [rank_times({"a1": 10000, "a2": 10221}, thousandths=True),
             rank_times({"b1": 10000, "b2": 10229}, thousandths=True)]
    assert codes(advance(heats, by_place=1, by_mark=1)) == {"a1": "Q", "b1": "Q", "a2": "q"}
    flights = [rank_distances({"x": [700, 650]}), rank_distances({"y": [700, 640]})]
    assert codes(advance(flights, by_place=0, by_mark=1)) == {"x": "q"}


def test_statuses_never_advance_and_short_heats_leave_spots_empty():
    heats = [rank_times({"a1": 10100, "a2": Status.DNF, "a3": Status.DQ}),
             rank_times({"b1": 10200, "b2": 10300, "b3": 10400})]
    adv = advance(heats, by_place=2, by_mark=1)
    assert codes(adv) == {"a1": "Q", "b1": "Q", "b2": "Q", "b3": "q"}
    assert adv.empty_spots == 1
    refilled = advance(heats, by_place=2, by_mark=1, refill=True)
    assert codes(refilled) == {"a1": "Q", "b1": "Q", "b2": "Q", "b3": "q"}
    assert refilled.empty_spots == 1  # nobody left to refill with


def test_refill_passes_unused_place_spots_to_the_time_qualifiers():
    heats = [rank_times({"a1": 10100}), heat("b", [10200, 10300, 10400, 10500])]
    assert codes(advance(heats, by_place=2, by_mark=1, refill=True)) == {
        "a1": "Q", "b1": "Q", "b2": "Q", "b3": "q", "b4": "q"}
    assert "b4" not in codes(advance(heats, by_place=2, by_mark=1))


def test_all_dns_empty_heats_and_nothing_to_take():
    heats = [rank_times({"a": Status.DNS}), rank_times({})]
    adv = advance(heats, by_place=2, by_mark=2)
    assert adv.qualifiers == () and adv.empty_spots == 6
    assert advance([], by_place=3).qualifiers == ()


def test_bad_settings():
    with pytest.raises(ValueError):
        advance([heat("a", [1])], by_place=-1)
    with pytest.raises(ValueError):
        advance([heat("a", [1])], by_place=2, by_mark=2, capacity=3)
    with pytest.raises(ValueError):
        advance([heat("a", [1]), heat("a", [2])], by_place=1)


heat_times = st.lists(st.one_of(st.integers(10000, 10006), st.just(Status.DNF)), max_size=6)


@settings(max_examples=60)
@given(st.lists(heat_times, min_size=1, max_size=4), st.integers(0, 3), st.integers(0, 3),
       st.integers(0, 3), st.integers(0, 10**6))
def test_property_advancement_invariants(times, k, m, extra, seed):
    heats = [heat(f"h{i}-", ts) for i, ts in enumerate(times)]
    capacity = k * len(heats) + m + extra
    adv = advance(heats, by_place=k, by_mark=m, capacity=capacity, seed=seed)
    entries = adv.entries()
    assert len(entries) == len(set(entries)) <= capacity
    placed = {p.entry: p for h in heats for p in h if p.placed}
    assert all(e in placed for e in entries)  # statuses never advance
    for h in heats:  # a heat's Q are its best places: nobody skipped by place
        qs = [q.place for q in adv.qualifiers if q.route == "place" and q.entry in
              {p.entry for p in h}]
        assert all(place <= k for place in qs)
        if len([p for p in h if p.placed and p.rank <= k]) <= k:
            assert len(qs) == len([p for p in h if p.placed and p.rank <= k])
    # anyone strictly faster than a time qualifier went through too
    marks = [q.key for q in adv.qualifiers if q.route == "mark"]
    if marks:
        slowest = max(marks)
        assert all(e in entries for e, p in placed.items() if p.key < slowest)
    assert [q.seed_rank for q in adv.qualifiers] == sorted(q.seed_rank for q in adv.qualifiers)


def test_when_not_every_tied_heat_fits_each_tied_heat_draws():
    heats = [heat("a", [10100, 10100, 10300]), heat("b", [10100, 10100, 10300])]
    adv = advance(heats, by_place=1, capacity=3, seed=5)
    assert sorted(codes(adv).values()) == ["qD", "qD"]
    assert [d.heat for d in adv.draws] == [0, 1]
    assert [len(d.winners) for d in adv.draws] == [1, 1]
    assert len(advance(heats, by_place=1, capacity=4).qualifiers) == 4
