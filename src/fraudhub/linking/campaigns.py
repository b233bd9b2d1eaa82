"""The rule that groups reports into campaigns by a scammer's identifiers, without chaining.

Reports that share an identifier belong together, but joining every report that shares
anything lets one victim who mixes up two scams merge two campaigns for good (one report
in 200 doing so made clusters a quarter impure at a million reports). So reports are
placed one by one, oldest first, and a report that holds identifiers of two clusters:

- joins them if either held no more than SMALL reports (a campaign still forming);
- joins them if it holds at least two identifiers of each (two distinct shared
  identifiers);
- otherwise keeps them apart and is recorded as a bridge: the report stays in the
  cluster it shares most with, and two bridging reports between the same two clusters
  join them;
- an analyst's decision on a bridge (join, or keep apart) overrides all of this.

Linking a report as it arrives and the nightly rebuild both call `Campaigns.place`, the
rebuild for every report in turn and arrival for the one new report over the stored
clusters, so both give the same clusters. Plain data in and out; no database here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Key = tuple[str, str]  # an identifier as normalised: (kind, value)

SMALL = 3  # a cluster of this many reports or fewer is still forming: anything joins it


@dataclass(frozen=True)
class Seen:
    """What was known of an identifier before a report: its earliest report (whose cluster
    the identifier belongs to) and how many reports held it."""

    anchor: int
    before: int


@dataclass(frozen=True)
class Bridge:
    """A report holding an identifier of a cluster it was kept apart from: `anchor` is
    the earliest report with that identifier, so the cluster is always the anchor's."""

    report: int
    kind: str
    value: str
    anchor: int


class Campaigns:
    """Clusters being built report by report. Atoms are what is joined: a report in a
    rebuild; a stored cluster or a report in no cluster when one report arrives."""

    def __init__(
        self,
        *,
        said: Mapping[tuple[int, Key], bool] | None = None,
        small: int = SMALL,
    ) -> None:
        self._said = dict(said or {})  # (report, identifier) -> an analyst joined (True) or not
        self._small = small
        self._parent: dict[int, int] = {}
        self._size: dict[int, int] = {}
        self._atom_of: dict[int, int] = {}  # report -> atom, where it is not its own atom
        self._pending: dict[int, dict[int, set[int]]] = {}  # root -> atom -> bridging reports
        self._apart: dict[int, set[int]] = defaultdict(set)  # root -> atoms kept apart from it
        self.bridges: list[Bridge] = []

    # --- seeding with what is stored (linking on arrival) ---------------------------------

    def add_atom(self, atom: int, *, size: int, reports: Iterable[int] = ()) -> None:
        """An existing cluster (or lone report) of `size` reports, `reports` among them."""
        if atom not in self._parent:
            self._parent[atom] = atom
            self._size[atom] = size
        for report in reports:
            if report != atom:
                self._atom_of[report] = atom

    def add_pending(self, one: int, other: int, report: int) -> None:
        """A stored bridge between two atoms kept apart."""
        a, b = self.find(one), self.find(other)
        if a != b:
            self._pending.setdefault(a, {}).setdefault(b, set()).add(report)
            self._pending.setdefault(b, {}).setdefault(a, set()).add(report)

    def keep_apart(self, one: int, other: int) -> None:
        """An analyst said these two atoms' clusters are different campaigns."""
        a, b = self.find(one), self.find(other)
        self._apart[a].add(b)
        self._apart[b].add(a)

    # --- the rule ---------------------------------------------------------------------------

    def atom(self, report: int) -> int:
        return self._atom_of.get(report, report)

    def find(self, atom: int) -> int:
        if atom not in self._parent:
            self._parent[atom] = atom
            self._size[atom] = 1
            return atom
        root = atom
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[atom] != root:
            self._parent[atom], atom = root, self._parent[atom]
        return root

    def size(self, atom: int) -> int:
        return self._size[self.find(atom)]

    def place(self, report: int, keys: Mapping[Key, Seen | None]) -> None:
        """Put a report holding these identifiers (each with what was known of it before,
        or None if new) in its cluster, joining or keeping apart the clusters it bridges."""
        touched: dict[int, list[Key]] = defaultdict(list)
        for key in sorted(keys):
            seen = keys[key]
            if seen is not None:
                touched[self.find(self.atom(seen.anchor))].append(key)
        own = self.find(self.atom(report))
        if len(touched) < 2:  # most reports: nothing or one cluster to join
            for home in touched:
                if home != own:
                    self._join(home, own)
            return
        ranked = sorted(
            touched,
            key=lambda c: (
                -len(touched[c]),
                -sum(s.before for k in touched[c] if (s := keys[k]) is not None),
                touched[c][0],
            ),
        )
        home = ranked[0]
        if own not in touched:
            self._join(home, own)
        for other in ranked[1:]:
            here, there = self.find(home), self.find(other)
            if here == there:
                continue
            shared = touched[other]
            said = {self._said.get((report, key)) for key in shared}
            if said & {True, False}:
                joined = True in said
            elif self._blocked(here, there):
                joined = False
            else:
                joined = min(self._size[here] - 1, self._size[there]) <= self._small or (
                    len(shared) >= 2 and len(touched[home]) >= 2
                )
                if joined:
                    self._join(here, there)
                    continue
            for kind, value in shared:
                seen = keys[(kind, value)]
                assert seen is not None
                self.bridges.append(Bridge(report, kind, value, seen.anchor))
            if joined:
                self._join(here, there)
                continue
            if False in said:
                self.keep_apart(here, there)
                continue
            self.add_pending(here, there, report)
            if len(self._pending[here][there]) >= 2 and not self._blocked(here, there):
                self._join(here, there)

    def said(self, report: int, key: Key, *, join: bool, anchor: int) -> None:
        """An analyst's decision on a bridge, taken now: join its two clusters, or keep
        them apart from here on."""
        self._said[(report, key)] = join
        here, there = self.find(self.atom(report)), self.find(self.atom(anchor))
        if here == there:
            return
        if join:
            self._join(here, there)
        else:
            self.keep_apart(here, there)

    def _blocked(self, one: int, other: int) -> bool:
        return any(self.find(a) == other for a in self._apart.get(one, ()))

    def _join(self, one: int, other: int) -> None:
        """Join two clusters, then any neighbours that now have two bridging reports."""
        work = [(one, other)]
        while work:
            a, b = (self.find(x) for x in work.pop())
            if a == b:
                continue
            keep, gone = (a, b) if (self._size[a], -a) >= (self._size[b], -b) else (b, a)
            self._parent[gone] = keep
            self._size[keep] += self._size[gone]
            if gone not in self._pending and gone not in self._apart:
                continue  # nothing kept apart from the joined cluster: nothing more to do
            self._apart[keep] |= self._apart.pop(gone, set())
            merged: dict[int, set[int]] = {}
            for neighbours in (self._pending.pop(keep, {}), self._pending.pop(gone, {})):
                for atom, reports in neighbours.items():
                    root = self.find(atom)
                    if root != keep:
                        merged.setdefault(root, set()).update(reports)
            self._pending[keep] = merged
            for root, reports in sorted(merged.items()):
                theirs = self._pending.setdefault(root, {})
                for atom in list(theirs):
                    if self.find(atom) == keep:
                        reports |= theirs.pop(atom)
                theirs[keep] = reports
                if len(reports) >= 2 and not self._blocked(keep, root):
                    work.append((keep, root))

    # --- results ----------------------------------------------------------------------------

    def groups(self) -> dict[int, list[int]]:
        """Every atom by the root of its cluster."""
        found: dict[int, list[int]] = defaultdict(list)
        for atom in list(self._parent):
            found[self.find(atom)].append(atom)
        return found

    def clusters(self) -> list[list[int]]:
        """Clusters of two or more atoms (reports, in a rebuild), each sorted."""
        return [sorted(m) for m in self.groups().values() if len(m) > 1]
