"""Fonts of an official document (GB/T 9704) and the substitutes for what this machine renders.

Each role has the standard font first, then substitutes in order of likeness. The .docx always
names the standard fonts: it is read and printed on the office's Windows and WPS machines, which
have them. Only what is rendered here (the PDF made through LibreOffice) uses the first substitute
installed on this machine, and the notes say so, role by role.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field

# role -> ((name written into the document, names the system may list it under), ...)
ROLE_FONTS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "title": (("方正小标宋简体", ("方正小标宋简体", "FZXiaoBiaoSong-B05S")),
              ("方正小标宋_GBK", ("方正小标宋_GBK", "FZXiaoBiaoSong-B05")),
              ("华文中宋", ("华文中宋", "STZhongsong")),
              ("宋体", ("宋体", "SimSun")),
              ("Noto Serif CJK SC", ("Noto Serif CJK SC",))),
    "body": (("仿宋_GB2312", ("仿宋_GB2312", "FangSong_GB2312")),
             ("仿宋", ("仿宋", "FangSong")),
             ("华文仿宋", ("华文仿宋", "STFangsong")),
             ("Noto Serif CJK SC", ("Noto Serif CJK SC",))),
    "heading": (("黑体", ("黑体", "SimHei")),
                ("Noto Sans CJK SC", ("Noto Sans CJK SC",))),
    "subheading": (("楷体_GB2312", ("楷体_GB2312", "KaiTi_GB2312")),
                   ("楷体", ("楷体", "KaiTi")),
                   ("华文楷体", ("华文楷体", "STKaiti")),
                   ("Noto Serif CJK SC", ("Noto Serif CJK SC",))),
    "number": (("宋体", ("宋体", "SimSun")),
               ("Noto Serif CJK SC", ("Noto Serif CJK SC",))),
}
ROLE_LABELS = {"title": "标题", "body": "正文", "heading": "一级标题", "subheading": "二级标题", "number": "页码"}


STANDARD_FONTS = {role: candidates[0][0] for role, candidates in ROLE_FONTS.items()}


@dataclass(frozen=True)
class FontChoice:
    """The font the document names for each role, the substitutes this machine renders with
    (roles whose standard font it lacks), and notes saying so."""

    fonts: dict[str, str]
    notes: tuple[str, ...] = field(default=())
    substitutes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"fonts": self.fonts, "notes": list(self.notes), "substitutes": self.substitutes}

    @classmethod
    def from_json(cls, data: dict) -> "FontChoice":
        # Bulletins frozen before substitutes were kept apart named them in "fonts": written again
        # as they were first issued.
        return cls(dict(data["fonts"]), tuple(data.get("notes", ())), dict(data.get("substitutes", {})))


def choose_fonts(installed: set[str]) -> FontChoice:
    """The standard font of every role for the document; for this machine's own rendering, the
    first installed substitute of each standard font it lacks."""
    substitutes, notes = {}, []
    for role, candidates in ROLE_FONTS.items():
        standard = candidates[0][0]
        chosen = next((name for name, known_as in candidates if installed.intersection(known_as)), None)
        if chosen == standard:
            continue
        label = (f"{ROLE_LABELS[role]}字体“{standard}”本机未安装:通报文件仍标明“{standard}”,"
                 "在装有该字体的 Word/WPS 上按原样显示;")
        if chosen is None:
            notes.append(label + "本机生成的 PDF 由 LibreOffice 自行替代")
        else:
            substitutes[role] = chosen
            notes.append(label + f"仅本机生成的 PDF 改用“{chosen}”")
    return FontChoice(dict(STANDARD_FONTS), tuple(notes), substitutes)


def installed_font_families() -> set[str]:
    """Font family names this machine has (empty when it cannot tell)."""
    if sys.platform == "win32":
        return _windows_families()
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return set()
        return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}
    return set()


def _windows_families() -> set[str]:
    import winreg

    families: set[str] = set()
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            key = winreg.OpenKey(root, r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts")
        except OSError:
            continue
        with key:
            index = 0
            while True:
                try:
                    name = winreg.EnumValue(key, index)[0]
                except OSError:
                    break
                index += 1
                # "SimSun & NSimSun (TrueType)" -> SimSun, NSimSun
                families.update(part.strip() for part in name.split(" (")[0].split("&"))
    return families
