"""Random spot checks (随机抽查) that anyone can replay: the same pool and seed give the same draw.

The pool is sorted and hashed, so its order in a query does not matter and a changed pool is
visible in its hash. Picks come from SHA-256 of (seed, attempt), not from Python's generator,
so the record stays checkable with any tool, on any version, years later.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Callable, Iterable

# What a draw picks, as stored, and in words.
DRAW_KINDS = {"units": "单位", "tasks": "任务", "inspectors": "督查人员"}


@dataclass(frozen=True)
class Draw:
    pool: tuple[str, ...]          # sorted, without the excluded items
    pool_sha256: str
    seed: str
    count: int
    chosen: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    attempts: tuple[dict, ...] = field(default_factory=tuple)  # every pick, kept or refused, and why


def pool_hash(pool: Iterable[str]) -> str:
    """SHA-256 of the sorted pool, one item per line."""
    return hashlib.sha256("\n".join(sorted(pool)).encode("utf-8")).hexdigest()


def new_seed() -> str:
    """A fresh seed to record when the user gives none."""
    return secrets.token_hex(8)


def _pick(seed: str, attempt: int, size: int) -> int:
    digest = hashlib.sha256(f"{seed}|{attempt}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % size


def draw(pool: Iterable[str], count: int, seed: str, *, exclude: Iterable[str] = (),
         refuse: Callable[[str], str | None] | None = None) -> Draw:
    """Draw ``count`` distinct items.

    ``exclude`` removes items before the draw (e.g. units inspected last round); ``refuse(item)``
    returns a reason to pass over a picked item (e.g. an inspector's recusal) or None to keep it.
    """
    excluded = tuple(sorted(set(exclude)))
    remaining = sorted(set(pool) - set(excluded))
    if count <= 0:
        raise ValueError("抽取数量必须大于 0")
    candidates = list(remaining)
    chosen: list[str] = []
    attempts: list[dict] = []
    attempt = 0
    while len(chosen) < count and candidates:
        item = candidates.pop(_pick(seed, attempt, len(candidates)))
        reason = refuse(item) if refuse else None
        attempts.append({"attempt": attempt, "item": item, "kept": reason is None, "reason": reason or ""})
        if reason is None:
            chosen.append(item)
        attempt += 1
    if len(chosen) < count:
        raise ValueError(f"可抽取的对象只有 {len(chosen)} 个,少于要抽取的 {count} 个")
    return Draw(tuple(remaining), pool_hash(remaining), seed, count, tuple(chosen), excluded, tuple(attempts))
