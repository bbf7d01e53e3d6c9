"""The file formats a notice (分解方案) may come as, in the words the user reads.

Every format formats.plan_source reads (it decides by content; the suffix only picks files in the
file dialog). The window's hints, its file filter, the importer's messages and the CLI's help are
worded from this one list, so none of them promises less, or more, than the importer takes.
"""

from __future__ import annotations

NOTICE_FORMATS = (
    ("Word 文档", (".docx", ".doc", ".wps")),
    ("PDF", (".pdf",)),
    ("文本", (".txt",)),
    ("任务分解表", (".xlsx", ".xls", ".et")),
)
NOTICE_SUFFIXES = tuple(suffix for _label, suffixes in NOTICE_FORMATS for suffix in suffixes) + (".text",)
NOTICE_FORMATS_TEXT = "、".join(f"{label} {' '.join(suffixes)}" for label, suffixes in NOTICE_FORMATS)
