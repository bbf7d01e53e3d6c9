"""What a write from the command line reports: the record it wrote, and the sentence that says so."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recorded:
    """One record written (or found already there, ``changed`` False), and the sentence that confirms it.

    ``kind`` names what was written (inspection, finding, follow_up, finding_closed, finding_reopened,
    task_closed, task_reopened, unit_alias, staff, staff_alias, staff_merged); ``id`` is that record's
    id (the unit's or person's for an alias, the task's number for a task's close-out)."""
    kind: str
    id: int
    text: str
    changed: bool = True

    def to_json(self) -> dict:
        """``{kind, id, changed}``."""
        return {"kind": self.kind, "id": self.id, "changed": self.changed}

    def to_text(self) -> str:
        return self.text
