"""The backfill's plan as a pure function: what is skipped, what is settled without a load, what is processed."""

from __future__ import annotations

from datetime import date

from core.partitions import pending_partitions, plan_partitions
from core.records import DiscoveredItem

D1, D2, D3 = date(2025, 9, 16), date(2025, 9, 17), date(2025, 9, 18)


def item(url: str, day: date, source: str) -> DiscoveredItem:
    return DiscoveredItem(url=url, source=source, published=day)


def test_done_partitions_are_skipped_unless_forced() -> None:
    states = {(D2, "wire"): "done", (D1, "wire"): "failed", (D1, "blog"): "pending", (D2, "blog"): "running"}
    todo, skipped = pending_partitions(states, force=False)
    assert todo == [(D1, "blog"), (D1, "wire"), (D2, "blog")]  # day order, then source
    assert [(p.day, p.source, p.status) for p in skipped] == [(D2, "wire", "skipped")]
    todo, skipped = pending_partitions(states, force=True)
    assert len(todo) == 4 and skipped == []


def test_the_plan_settles_broken_and_empty_partitions_and_groups_the_rest_by_day() -> None:
    todo = [(D1, "blog"), (D1, "wire"), (D2, "wire"), (D3, "blog"), (D3, "wire")]
    found = {
        (D1, "wire"): [item("http://w.example/1", D1, "wire")],
        (D3, "wire"): [item("http://w.example/3", D3, "wire"), item("http://w.example/4", D3, "wire")],
        (D3, "blog"): [item("http://b.example/3", D3, "blog")],
    }
    plan = plan_partitions(todo, found, errors={"blog": "feed answered 404"})
    settled = {(p.day, p.source): (p.status, p.error) for p in plan.settled}
    assert settled == {
        (D1, "blog"): ("failed", "feed answered 404"),
        (D2, "wire"): ("done", None),  # no item that day: done without a load
        (D3, "blog"): ("failed", "feed answered 404"),  # the broken source's items are not processed
    }
    assert list(plan.days) == [D1, D3]
    assert {s: len(i) for s, i in plan.days[D3].items()} == {"wire": 2}
    assert plan.days[D1]["wire"][0].url == "http://w.example/1"


def test_nothing_to_do_is_an_empty_plan() -> None:
    plan = plan_partitions([], {}, {})
    assert plan.settled == [] and plan.days == {}
