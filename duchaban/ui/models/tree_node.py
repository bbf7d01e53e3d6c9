"""A node of the tree models: what it shows, its children, and where it sits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class Node:
    kind: str
    key: Any
    payload: dict
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    row: int = 0          # position among the parent's children, kept by add()
    fetched: bool = True  # False until a lazy node's children were loaded

    def add(self, child: "Node") -> "Node":
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child
