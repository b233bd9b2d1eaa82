"""Grouping: records joined by analysts' decisions and by the model's pairs at or
above the match threshold, never against an analyst's split."""

from __future__ import annotations

from collections.abc import Iterable

from .pairs import ScoredPair

MATCH_THRESHOLD = 0.7  # decisions 0018 and 0019


def group_people(
    ids: Iterable[int],
    pairs: Iterable[ScoredPair],
    *,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    threshold: float = MATCH_THRESHOLD,
) -> dict[int, int]:
    """Each record's group, its smallest member id. Pairs an analyst confirmed join
    first, then the model's pairs at or above the threshold, most likely first; no union
    is made that would put a pair an analyst split into one group. Only records that
    join another cost anything, so a million records with few links group quickly."""
    order = list(ids)
    known = set(order)
    parent: dict[int, int] = {}  # a record's parent; a group's root is in no entry
    members: dict[int, list[int]] = {}  # a root with others: every record in its group
    apart: dict[int, set[int]] = {}  # a root: the records its group must not join
    for a, b in different:
        if a in known and b in known:
            apart.setdefault(a, set()).add(b)
            apart.setdefault(b, set()).add(a)

    def find(x: int) -> int:
        root = x
        while root in parent:
            root = parent[root]
        while x != root:  # shorten the path for next time
            parent[x], x = root, parent[x]
        return root

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        ma, mb = members.get(ra, [ra]), members.get(rb, [rb])
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        refused = apart.get(ra)
        if refused and any(m in refused for m in mb):
            return
        parent[rb] = ra
        ma.extend(mb)
        members[ra] = ma
        members.pop(rb, None)
        if rb in apart:
            apart.setdefault(ra, set()).update(apart.pop(rb))

    for a, b in same:
        if a in known and b in known:
            union(a, b)
    ranked = sorted(
        (-p.probability, p.left, p.right)
        for p in pairs
        if p.probability >= threshold and p.left in known and p.right in known
    )
    for _, left, right in ranked:
        union(left, right)
    group_of = {record: record for record in order}
    for grouped in members.values():
        smallest = min(grouped)
        for record in grouped:
            group_of[record] = smallest
    return group_of
