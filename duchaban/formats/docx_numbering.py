"""The numbers Word draws in front of automatically numbered paragraphs (编号列表: 1. 2. 3., 一、
二、, (一)(二)), which are not in the paragraph's text: a notice whose tasks are a numbered list
would otherwise be read without its task numbers."""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element, path: str, default=None):
    found = element.find(path, {"w": W}) if element is not None else None
    return default if found is None else found.get(_w("val"), default)


def _chinese(n: int, thousand: bool = False) -> str:
    """一 … 九十九 as Chinese counting writes them (十一, 二十); from 100, digit by digit (一〇五), or
    with 百 and 零 for chineseCountingThousand (一百零五)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    if thousand and n < 1000:
        hundreds, rest = divmod(n, 100)
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                     ("一" if rest < 20 else "") + _chinese(rest))
        return _DIGITS[hundreds] + "百" + tail
    return "".join(_DIGITS[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter past Z: AA, BB, …
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand"):
        return _chinese(n, thousand=True)
    if fmt in ("chineseCounting", "chineseLegalSimplified", "ideographDigital", "japaneseCounting",
               "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)  # decimal, and formats a notice does not use for its task numbers


class ListNumbers:
    """Counts numbered paragraphs in document order and gives each its label, as Word shows it."""

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None, parser) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract id -> ilvl -> (start, fmt, text)
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract id, start overrides)
        self._styles: dict[str, tuple[str | None, str | None]] = {}  # styleId -> (numId, ilvl)
        self._counters: dict[str, dict[int, int]] = {}
        self._restarted: set[str] = set()
        self._links: dict[str, str] = {}  # abstract id -> the list style whose definition it uses
        if numbering_xml:
            self._read_numbering(etree.fromstring(numbering_xml, parser))
        if styles_xml:
            self._read_styles(etree.fromstring(styles_xml, parser))

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(_w("abstractNum")):
            levels = {}
            for level in abstract.iter(_w("lvl")):
                levels[int(level.get(_w("ilvl"), "0"))] = (
                    int(_val(level, "w:start", "0")), _val(level, "w:numFmt", "decimal"),
                    _val(level, "w:lvlText", ""))
            self._levels[abstract.get(_w("abstractNumId"))] = levels
            link = _val(abstract, "w:numStyleLink")
            if link:
                self._links[abstract.get(_w("abstractNumId"))] = link
        for num in root.iter(_w("num")):
            overrides = {}
            for override in num.iter(_w("lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    overrides[int(override.get(_w("ilvl"), "0"))] = int(start)
            self._nums[num.get(_w("numId"))] = (_val(num, "w:abstractNumId"), overrides)

    def _read_styles(self, root) -> None:
        based: dict[str, str] = {}
        own: dict[str, tuple[str | None, str | None]] = {}
        for style in root.iter(_w("style")):
            sid = style.get(_w("styleId"))
            parent = _val(style, "w:basedOn")
            if parent:
                based[sid] = parent
            own[sid] = (_val(style, "w:pPr/w:numPr/w:numId"), _val(style, "w:pPr/w:numPr/w:ilvl"))
        for sid in own:
            num_id = ilvl = None
            seen, current = set(), sid
            while current and current not in seen and (num_id is None or ilvl is None):
                seen.add(current)
                style_num, style_ilvl = own.get(current, (None, None))
                num_id = num_id if num_id is not None else style_num
                ilvl = ilvl if ilvl is not None else style_ilvl
                current = based.get(current)
            self._styles[sid] = (num_id, ilvl)

    def label(self, paragraph) -> str:
        """The number Word draws before ``paragraph`` ("" when it is not numbered), counting it."""
        properties = paragraph.find(_w("pPr"))
        style_num, style_ilvl = self._styles.get(_val(properties, "w:pStyle"), (None, None))
        num_id = _val(properties, "w:numPr/w:numId", style_num)
        try:
            ilvl = int(_val(properties, "w:numPr/w:ilvl", style_ilvl) or 0)
        except ValueError:
            ilvl = 0
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        abstract, overrides = self._nums[num_id]
        if abstract in self._links:  # a list style (多级列表样式): its levels live in the style's own list
            linked = self._styles.get(self._links[abstract], (None, None))[0]
            abstract = self._nums.get(linked, (abstract, {}))[0]
        levels = self._levels.get(abstract, {})
        if ilvl not in levels or levels[ilvl][1] in ("bullet", "none"):
            return ""
        # Lists sharing a definition continue each other's count, unless one restarts it.
        counters = self._counters.setdefault(abstract, {})
        if overrides and num_id not in self._restarted:
            self._restarted.add(num_id)
            counters.clear()
            for level, start in overrides.items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl][2]
        for level in range(9):
            if f"%{level + 1}" in text:
                start, fmt, _ = levels.get(level, (1, "decimal", ""))
                text = text.replace(f"%{level + 1}", format_number(counters.get(level, start), fmt))
        return text
