"""Matching the names a notice writes to the units of the directory.

Exact names and recorded aliases resolve silently. A name that differs from exactly one
known name by a few dropped or added characters (区经济信委 / 区经济信息委) resolves as a
near miss and is reported; a name with several such candidates is ambiguous and left for
the user to decide. Nothing is dropped: every written name ends up known, near, new or
ambiguous.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from duchaban.core.unit_names import guess_kind, is_group_token, normalize_name

KNOWN = "known"          # the directory has this name
ALIAS = "alias"          # a recorded alias of a directory unit
NEAR = "near"            # one close spelling found; resolved, reported for checking
USER = "user"            # the user decided (map to a unit, or keep as a new unit)
NEW = "new"              # no unit like it; will be created
AMBIGUOUS = "ambiguous"  # several close spellings; the user must choose

MAX_LENGTH_DIFFERENCE = 3
MIN_NEAR_LENGTH = 3


@dataclass
class UnitDirectory:
    """The names the directory knows: canonical names with kinds, and aliases."""

    kinds: dict[str, str] = field(default_factory=dict)  # canonical name -> kind
    aliases: dict[str, str] = field(default_factory=dict)  # normalised alias -> canonical

    def __post_init__(self) -> None:
        self._by_normal = {normalize_name(n): n for n in self.kinds}

    def add(self, name: str, kind: str, aliases: Iterable[str] = ()) -> None:
        self.kinds[name] = kind
        self._by_normal[normalize_name(name)] = name
        for alias in aliases:
            self.aliases[normalize_name(alias)] = name

    def lookup(self, written: str) -> tuple[str, str] | None:
        """(canonical, KNOWN or ALIAS) for a written name, or None."""
        n = normalize_name(written)
        if n in self._by_normal:
            return self._by_normal[n], KNOWN
        if n in self.aliases:
            return self.aliases[n], ALIAS
        return None


@dataclass(frozen=True)
class NameMatch:
    written: str
    status: str
    canonical: str | None
    candidates: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.canonical is not None

    @property
    def needs_review(self) -> bool:
        """True when the user should look at this match before or after importing."""
        return self.status in (NEAR, NEW, AMBIGUOUS)

    def describe(self) -> str:
        """One line in Chinese saying what happened to the name."""
        if self.status == NEAR:
            return f"“{self.written}”按近似名称匹配为“{self.canonical}”,请核对"
        if self.status == NEW:
            what = "单位组" if is_group_token(self.written) else "单位"
            return f"“{self.written}”不在单位名录中,将作为新{what}加入"
        if self.status == AMBIGUOUS:
            return f"“{self.written}”可能是:{'、'.join(self.candidates)},请指定"
        if self.status == ALIAS:
            return f"“{self.written}”是“{self.canonical}”的别名"
        return f"“{self.written}”即“{self.canonical}”"


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def is_near_miss(a: str, b: str) -> bool:
    """True when one name is the other with a few characters dropped, and both look alike in kind."""
    a, b = normalize_name(a), normalize_name(b)
    if a == b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_NEAR_LENGTH or len(long) - len(short) > MAX_LENGTH_DIFFERENCE:
        return False
    if short[0] != long[0] and not long.endswith(short):
        return False
    return guess_kind(a) == guess_kind(b) and _is_subsequence(short, long)


def resolve_names(
    written_names: Iterable[str],
    directory: UnitDirectory,
    decisions: Mapping[str, str] | None = None,
) -> dict[str, NameMatch]:
    """A NameMatch for every distinct written name.

    ``written_names`` may repeat; how often a name is written decides which of two
    unknown near spellings is taken as the real one. ``decisions`` maps a written name
    to the canonical name the user chose (the written name itself means "a new unit").
    """
    counts = Counter(written_names)
    decisions = {normalize_name(k): v for k, v in (decisions or {}).items()}
    matches: dict[str, NameMatch] = {}
    unknown: list[str] = []
    for name in counts:
        chosen = decisions.get(normalize_name(name))
        if chosen:
            found = directory.lookup(chosen)
            matches[name] = NameMatch(name, USER, found[0] if found else chosen.strip())
            continue
        found = directory.lookup(name)
        if found:
            matches[name] = NameMatch(name, found[1], found[0])
        else:
            unknown.append(name)

    # Near misses are looked for among the directory and among the other unknown names,
    # so that a notice's own misspelling of a unit new to the directory is caught too.
    known_names = [n for n, k in directory.kinds.items() if k != "group"]
    for name in unknown:
        if is_group_token(name):
            matches[name] = NameMatch(name, NEW, name.strip())
            continue
        near_known = [k for k in known_names if is_near_miss(name, k)]
        near_unknown = [
            u for u in unknown
            if u != name and not is_group_token(u) and is_near_miss(name, u) and _outranks(u, name, counts)
        ]
        candidates = list(dict.fromkeys(near_known + near_unknown))
        if len(candidates) == 1:
            matches[name] = NameMatch(name, NEAR, candidates[0], tuple(candidates))
        elif candidates:
            matches[name] = NameMatch(name, AMBIGUOUS, None, tuple(candidates))
        else:
            matches[name] = NameMatch(name, NEW, name.strip())
    return matches


def _outranks(a: str, b: str, counts: Counter) -> bool:
    """Between two unknown near spellings, the more often written (then the longer) one wins."""
    return (counts[a], len(a), a) > (counts[b], len(b), b)
