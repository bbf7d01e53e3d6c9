"""Fonts of an official document (GB/T 9704) and the fallback when a machine lacks them.

Each role has the standard font first, then substitutes in order of likeness. The first one
installed on this machine is used; when none is, the standard name is kept (the reader's Word or
WPS substitutes it) and the choice is noted so the office knows what the file asks for.
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


@dataclass(frozen=True)
class FontChoice:
    """The font of each role, and notes on every role that did not get its standard font."""

    fonts: dict[str, str]
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        return {"fonts": self.fonts, "notes": list(self.notes)}

    @classmethod
    def from_json(cls, data: dict) -> "FontChoice":
        return cls(dict(data["fonts"]), tuple(data.get("notes", ())))


def choose_fonts(installed: set[str]) -> FontChoice:
    """For each role the first font installed; the standard one when the machine has none of them."""
    fonts, notes = {}, []
    for role, candidates in ROLE_FONTS.items():
        standard = candidates[0][0]
        chosen = next((name for name, known_as in candidates if installed.intersection(known_as)), None)
        if chosen is None:
            fonts[role] = standard
            notes.append(f"{ROLE_LABELS[role]}字体“{standard}”本机未安装,文件仍按此字体排版,打开时由 Word/WPS 替代")
        else:
            fonts[role] = chosen
            if chosen != standard:
                notes.append(f"{ROLE_LABELS[role]}字体“{standard}”本机未安装,改用“{chosen}”")
    return FontChoice(fonts, tuple(notes))


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
