"""A unit's role in a task, in words: its short word (the ledger's 本单位职责, the filters) and its
title (牵头单位), and what a label in a notice may be taken to mean.

Kept apart from the notice parser (plan_duties.py) so that the window can name roles before its
first paint without loading the parser and its calendar."""

ROLE_LABELS = {"lead": "牵头", "responsible": "责任", "cooperating": "配合"}
ROLE_TITLES = {role: f"{label}单位" for role, label in ROLE_LABELS.items()}
# What a label before a name or date in the notice may be taken to mean (the import's 标签含义).
LABEL_MEANINGS = {**ROLE_TITLES, "leaders": "责任领导", "deadline": "完成时限"}
