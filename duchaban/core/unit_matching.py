"""Matching the names a notice writes to the units of the directory.

Exact names and recorded aliases resolve silently. Other names are ranked against every
directory name and alias by edit distance on their stems (``name_stem``: the 区/县 prefix
dropped, 委员会/委会 read as 委, 管委 as 管委会), so that 区经信委会 finds 区经济信息委
through its alias 区经信委. The best candidate at or above ``NEAR_SCORE``, clearly ahead
of the next, resolves as a near miss and is reported; two close candidates are ambiguous
and left for the user to decide; weaker candidates are kept as suggestions on a name that
would be new, so that creating a unit is a choice made with the alternatives in view.
Nothing is dropped: every written name ends up known, near, new or ambiguous.
"""

from __future__ import annotations

import re
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
NEAR_SCORE = 80.0      # stem similarity (0-100) from which the best candidate is taken, and reported
SUGGEST_SCORE = 50.0   # from here a candidate is offered beside "new unit"
TIE_MARGIN = 5.0       # two candidates closer than this are ambiguous
MAX_SUGGESTIONS = 5

_PREFIX = re.compile(r"^(区|县|市)(?!委)")
_SUFFIXES = (("街道办事处", "街道"), ("镇人民政府", "镇"), ("乡人民政府", "乡"), ("管理委员会", "管委会"),
             ("委员会", "委"), ("管委会", "管委会"), ("委会", "委"), ("管委", "管委会"))


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
    scores: tuple[float, ...] = ()   # similarity (0-100) of each candidate, best first

    @property
    def suggested(self) -> str | None:
        """The unit to preselect in a picker: the resolved unit, else None (the user must choose)."""
        return self.canonical if self.status in (KNOWN, ALIAS, NEAR, USER) else None

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
            if self.canonical != self.written.strip():
                return f"“{self.written}”与“{self.canonical}”只差空格或标点,按同一个新{what}加入"
            similar = f"(相近的有:{'、'.join(self.candidates)})" if self.candidates else ""
            return f"“{self.written}”不在单位名录中,将作为新{what}加入{similar}"
        if self.status == AMBIGUOUS:
            return f"“{self.written}”可能是:{'、'.join(self.candidates)},请指定"
        if self.status == ALIAS:
            return f"“{self.written}”是“{self.canonical}”的别名"
        return f"“{self.written}”即“{self.canonical}”"


def name_stem(name: str) -> str:
    """The part of a unit name that tells units apart: 区经信委会 -> 经信委, 双桂新城管委 -> 双桂新城管委会."""
    n = _PREFIX.sub("", normalize_name(name))
    for written, read in _SUFFIXES:
        if n.endswith(written) and len(n) > len(written):
            return n[: -len(written)] + read
    return n


def name_similarity(a: str, b: str) -> float:
    """0-100: how alike two unit names are, by edit distance on their stems; 0 across kinds."""
    if guess_kind(a) != guess_kind(b):
        return 0.0
    # Imported here: the window reads its plan through the store's unit module, which never compares names.
    from rapidfuzz import fuzz

    return float(fuzz.ratio(name_stem(a), name_stem(b)))


def rank_candidates(written: str, directory: UnitDirectory, *, floor: float = SUGGEST_SCORE,
                    limit: int = MAX_SUGGESTIONS) -> list[tuple[str, float]]:
    """Directory units like a written name, best first: (canonical name, score), aliases included."""
    best: dict[str, float] = {}
    spellings = [(n, n) for n, k in directory.kinds.items() if k != "group"]
    spellings += [(alias, canonical) for alias, canonical in directory.aliases.items()
                  if directory.kinds.get(canonical) != "group"]
    for spelling, canonical in spellings:
        score = name_similarity(written, spelling)
        if score < NEAR_SCORE and is_near_miss(written, spelling):
            score = NEAR_SCORE   # a few characters dropped from a name stays a near miss
        if score >= floor and score > best.get(canonical, -1.0):
            best[canonical] = score
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit]


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

    ranked = {name: rank_candidates(name, directory) for name in unknown if not is_group_token(name)}
    for name in unknown:
        if is_group_token(name):
            matches[name] = NameMatch(name, NEW, name.strip())
            continue
        strong = [(c, sc) for c, sc in ranked[name] if sc >= NEAR_SCORE]
        # A notice's own misspelling of a unit new to the directory is caught among the other unknowns
        # (an unknown that is itself a near miss of a directory unit stands for that unit).
        for other in ranked:
            if other == name or not _outranks(other, name, counts):
                continue
            score = max(name_similarity(name, other), NEAR_SCORE if is_near_miss(name, other) else 0.0)
            target = _clear_best(ranked[other]) or other
            if score < NEAR_SCORE or any(target == c for c, _ in strong):
                continue
            # Two unknown spellings of one stem (双桂新城管委 / 双桂新城管委会) are one candidate.
            same = [i for i, (c, _) in enumerate(strong) if c not in directory.kinds
                    and name_stem(c) == name_stem(target)]
            if same and _outranks(strong[same[0]][0], target, counts):
                continue
            for i in reversed(same):
                score = max(score, strong.pop(i)[1])
            strong.append((target, score))
        strong.sort(key=lambda item: -item[1])
        shown = strong or ranked[name]
        candidates, scores = tuple(c for c, _ in shown), tuple(sc for _, sc in shown)
        if _clear_best(strong):
            matches[name] = NameMatch(name, NEAR, strong[0][0], candidates, scores)
        elif strong:
            matches[name] = NameMatch(name, AMBIGUOUS, None, candidates, scores)
        else:
            matches[name] = NameMatch(name, NEW, name.strip(), candidates, scores)
    _one_new_unit_per_name(matches, counts)
    return matches


def _one_new_unit_per_name(matches: dict[str, NameMatch], counts: Counter) -> None:
    """New names that differ only in spaces or punctuation width (各乡镇(街道) / 各乡镇（街道）) are one
    new unit, under the spelling written most often: the directory never holds two units that
    differ only so."""
    first: dict[str, str] = {}
    for name in sorted((n for n, m in matches.items() if m.status == NEW), key=lambda n: (-counts[n], -len(n), n)):
        match = matches[name]
        key = normalize_name(match.canonical)
        if key in first:
            matches[name] = NameMatch(name, NEW, first[key], match.candidates, match.scores)
        else:
            first[key] = match.canonical


def _clear_best(ranked: list[tuple[str, float]]) -> str | None:
    """The first candidate when it reaches NEAR_SCORE and no other comes within TIE_MARGIN of it."""
    if not ranked or ranked[0][1] < NEAR_SCORE:
        return None
    if len(ranked) > 1 and ranked[1][1] >= NEAR_SCORE and ranked[0][1] - ranked[1][1] < TIE_MARGIN:
        return None
    return ranked[0][0]


def _outranks(a: str, b: str, counts: Counter) -> bool:
    """Between two unknown near spellings, the more often written (then the longer) one wins."""
    return (counts[a], len(a), a) > (counts[b], len(b), b)
