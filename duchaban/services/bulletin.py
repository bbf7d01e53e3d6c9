"""Drafting, issuing and re-issuing bulletins (督查通报): the one way the window and the CLI do it.

A draft is a snapshot of the data plus drafted wording. Issuing writes the .docx and its .xlsx
annex and freezes snapshot, wording and fonts in the database under the next 第N期; a frozen
bulletin can be written again at any time and gives the same document.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.bulletin_wording import PASSAGES, draft_wording
from duchaban.core.errors import DuchabanError
from duchaban.formats.bulletin_docx import write_bulletin_docx
from duchaban.formats.bulletin_xlsx import write_bulletin_xlsx
from duchaban.formats.official_fonts import STANDARD_FONTS, FontChoice, choose_fonts, installed_font_families
from duchaban.store.audit import chain_code
from duchaban.store.bulletins import (
    bulletin_id_by_issue,
    bulletin_snapshot,
    get_bulletin,
    period_bulletin_refusal,
    save_bulletin,
)

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class BulletinDraft:
    snapshot: dict
    wording: dict[str, str]
    # Set when the user chose to re-issue the period's bulletin in place of snapshot["replaces"].
    replace: bool = False

    @property
    def replaces(self) -> dict | None:
        """The standing bulletin of this period (id, issue_no, generated_at), or None."""
        return self.snapshot.get("replaces")

    def standing_refusal(self) -> str | None:
        """Why this draft cannot go out as it stands: the period already has its bulletin and the user has
        not chosen to re-issue it (None when it can)."""
        standing = self.replaces
        if not standing or self.replace:
            return None
        return (f"{self.snapshot['period']['label']}已印发第{standing['issue_no']}期通报"
                f"({standing['generated_at'][:10]}),一个周期只印发一期。重新印发请加 --replace"
                f"(新的一期替代第{standing['issue_no']}期,两期文件都保留,考核只计一次);"
                f"专项通报请用 --special 主题")

    @property
    def heading(self) -> str:
        """第N期 and the period, as lists and dialogs name the bulletin."""
        return f"{self.snapshot['year']}年第{self.snapshot['issue_no']}期 {self.snapshot['period']['label']}"


@dataclass
class IssuedBulletin:
    bulletin_id: int | None
    docx: Path
    xlsx: Path
    notes: list[str] = field(default_factory=list)
    # What the files were written from, for a PDF rendered here (bulletin_pdf).
    snapshot: dict = field(default_factory=dict, repr=False)
    wording: dict = field(default_factory=dict, repr=False)
    fonts: FontChoice | None = field(default=None, repr=False)
    headline: str = ""            # what was issued (a new issue), "" for a reissue of the files
    pdf: Path | None = None       # set once bulletin_pdf made one

    def to_json(self) -> dict:
        """``{id, year, issue_no, kind, period, docx, xlsx, pdf, font_notes}`` (period: its code; pdf: null
        unless one was made; font_notes: standard fonts this machine lacks and what stood in)."""
        return {"id": self.bulletin_id, "year": self.snapshot.get("year"), "issue_no": self.snapshot.get("issue_no"),
                "kind": self.snapshot.get("kind", "period"), "period": self.snapshot.get("period", {}).get("code"),
                "docx": str(self.docx), "xlsx": str(self.xlsx), "pdf": str(self.pdf) if self.pdf else None,
                "font_notes": list(self.notes)}

    def to_text(self) -> str:
        lines = [self.headline] if self.headline else []
        lines += [f"通报:{self.docx}", f"附件:{self.xlsx}"] + [f"字体:{note}" for note in self.notes]
        if self.pdf:
            lines.append(f"PDF:{self.pdf}")
        return "\n".join(lines)


def draft_bulletin(db: Database, *, plan_id: int, period_code: str, include_confidential: bool = False,
                   topic: str | None = None) -> BulletinDraft:
    """A new bulletin for the period, numbered after the year's last one, wording drafted from the data.
    With ``topic``, a special-topic bulletin (专项通报) titled by it."""
    snapshot = bulletin_snapshot(db, plan_id=plan_id, period_code=period_code,
                                 include_confidential=include_confidential, topic=topic)
    wording = draft_wording(snapshot)
    if snapshot["topic"]:
        wording["title"] = snapshot["topic"]
    return BulletinDraft(snapshot, wording)


def annex_path(docx: Path) -> Path:
    """Where the annex goes: beside the bulletin, same name with 附件."""
    return docx.with_name(f"{docx.stem}-附件.xlsx")


def _write(snapshot: dict, wording: dict, fonts: FontChoice, docx: Path) -> Path:
    """Write both files through temporary names, so a failure leaves no half-written file."""
    if not (wording.get("title") or "").strip():
        raise DuchabanError("通报标题不能为空")
    absent = [label for key, label in PASSAGES.items() if key not in wording]
    if absent:
        raise DuchabanError(f"通报缺少以下段落:{'、'.join(absent)}")
    if docx.suffix.lower() != ".docx":
        raise DuchabanError(f"通报文件应以 .docx 结尾:{docx.name}")
    if not docx.parent.is_dir():
        raise DuchabanError(f"文件夹不存在:{docx.parent}")
    xlsx = annex_path(docx)
    parts = []
    try:
        docx_tmp, xlsx_tmp = docx.with_name(docx.name + ".partial"), xlsx.with_name(xlsx.name + ".partial")
        parts = [docx_tmp, xlsx_tmp]
        write_bulletin_xlsx(xlsx_tmp, snapshot=snapshot, title=wording["title"])
        write_bulletin_docx(docx_tmp, snapshot=snapshot, wording=wording, fonts=fonts)
        os.replace(xlsx_tmp, xlsx)
        os.replace(docx_tmp, docx)
    except PermissionError as error:
        raise DuchabanError(f"无法写入“{error.filename}”,文件可能正在 Word/WPS 中打开") from None
    except OSError as error:
        raise DuchabanError(f"无法写入通报:{error.strerror or error}") from None
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    return xlsx


def issue_bulletin(db: Database, draft: BulletinDraft, *, docx: str | Path, who: str | None = None,
                   fonts: FontChoice | None = None) -> IssuedBulletin:
    """Write the bulletin and its annex, then freeze it in the database as 第N期."""
    docx = Path(docx)
    # Refused before any file is written: the earlier bulletin's file may be the one named here.
    refusal = period_bulletin_refusal(db, draft.snapshot, replace=draft.replace)
    if refusal:
        raise DuchabanError(refusal)
    fonts = fonts or choose_fonts(installed_font_families())
    # The log's head as the bulletin goes out, printed in its 版记: paper the file cannot rewrite.
    draft.snapshot["check_code"] = chain_code(db)
    xlsx = _write(draft.snapshot, draft.wording, fonts, docx)
    try:
        bulletin_id = save_bulletin(db, snapshot=draft.snapshot, wording=draft.wording, render=fonts.to_json(),
                                    docx_name=docx.name, xlsx_name=xlsx.name, replace=draft.replace, who=who)
    except DuchabanError:
        docx.unlink(missing_ok=True)
        xlsx.unlink(missing_ok=True)
        raise
    standing = draft.replaces
    headline = (f"已生成{draft.heading}" + ("专项通报" if draft.snapshot.get("kind") == "special" else "通报")
                + (f",替代第{standing['issue_no']}期" if standing and draft.replace else ""))
    return IssuedBulletin(bulletin_id, docx, xlsx, list(fonts.notes), draft.snapshot, draft.wording, fonts, headline)


def bulletin_pdf(issued: IssuedBulletin) -> Path:
    """The bulletin's PDF beside its .docx, through LibreOffice. It is rendered here, so it uses this
    machine's substitutes for standard fonts it lacks (the notes say which); the .docx keeps naming
    the standard fonts. DuchabanError when no PDF can be made."""
    from duchaban.formats.pdf_convert import convert_to_pdf

    if issued.fonts is None:
        return convert_to_pdf(issued.docx)
    # This machine's substitutes, for the roles the document gives their standard font.
    here = choose_fonts(installed_font_families()).substitutes
    fonts = FontChoice({**issued.fonts.fonts, **{role: font for role, font in here.items()
                                                  if issued.fonts.fonts.get(role) == STANDARD_FONTS[role]}})
    target = issued.docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="duchaban-pdf-") as folder:
        source = Path(folder) / issued.docx.name
        write_bulletin_docx(source, snapshot=issued.snapshot, wording=issued.wording,
                            fonts=fonts)
        made = convert_to_pdf(source)
        try:
            shutil.move(made, target)
        except OSError as error:
            raise DuchabanError(f"无法写入“{target}”:{error.strerror or error}") from None
    return target


def reissue_bulletin(db: Database, *, bulletin_id: int, docx: str | Path) -> IssuedBulletin:
    """Write an issued bulletin again from its frozen snapshot, wording and fonts."""
    frozen = get_bulletin(db, bulletin_id)["snapshot"]
    fonts = FontChoice.from_json(frozen["render"])
    docx = Path(docx)
    xlsx = _write(frozen, frozen["wording"], fonts, docx)
    return IssuedBulletin(bulletin_id, docx, xlsx, list(fonts.notes), frozen, frozen["wording"], fonts)


def find_bulletin(db: Database, *, year: int, issue_no: int) -> int:
    """The id of bulletin 第``issue_no``期 of ``year``; DuchabanError when there is none."""
    bulletin_id = bulletin_id_by_issue(db, year=year, issue_no=issue_no)
    if bulletin_id is None:
        raise DuchabanError(f"没有{year}年第{issue_no}期通报")
    return bulletin_id

