"""Small groups never appear, directly or by difference from a total (plain Python)."""

from __future__ import annotations

from endavant.observatory.disclosure import Group, suppress


def test_a_group_of_four_is_hidden_with_the_smallest_other_group():
    groups = [Group("a", 4, 9), Group("b", 20, 30), Group("c", 7, 8)]
    result = suppress(groups, 31, 5)
    assert result.hidden == {"a", "c"}
    assert not result.total_hidden


def test_hidden_groups_holding_enough_people_together_need_no_third():
    groups = [Group("a", 4, 4), Group("b", 3, 3), Group("c", 20, 20)]
    result = suppress(groups, 27, 5, union=lambda keys: 7)
    assert result.hidden == {"a", "b"}


def test_hidden_groups_that_are_the_same_few_people_get_a_complement():
    """Two channels used by the same three people: their union is 3, not 6."""
    groups = [Group("web", 3, 5), Group("paper", 3, 4), Group("room", 9, 9)]
    seen = []

    def union(keys):
        seen.append(sorted(keys))
        return 3

    result = suppress(groups, 12, 5, union=union)
    assert result.hidden == {"web", "paper", "room"}
    assert seen == [["paper", "web"]]


def test_a_total_under_the_minimum_hides_everything():
    result = suppress([Group("a", 2, 2), Group("b", 2, 2)], 4, 5)
    assert result.total_hidden
    assert result.hidden == {"a", "b"}


def test_when_nothing_is_left_to_hide_the_total_goes():
    result = suppress([Group("a", 4, 4), Group("zero", 0, 0)], 6, 5)
    assert result.hidden == {"a"}
    assert result.total_hidden


def test_groups_without_acts_stay_as_zeros_and_large_groups_stay():
    result = suppress([Group("a", 0, 0), Group("b", 12, 40)], 12, 5)
    assert result.hidden == frozenset()
    assert result.shows("a")
    assert result.shows("b")


def test_anonymous_acts_without_people_are_hidden():
    result = suppress([Group("a", 0, 3), Group("b", 12, 40), Group("c", 6, 6)], 18, 5)
    assert "a" in result.hidden
    assert len(result.hidden) == 2
