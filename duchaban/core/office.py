"""The office's own name (本办全称) and its district: what heads bulletins, notices and printed records."""

from __future__ import annotations

import re

from duchaban.core.errors import DuchabanError

OFFICE_SUFFIX = "人民政府督查办公室"
# A district-level name: 梁平区, 巫溪县, 某某自治县, 某某旗, 某某市 (county-level city).
_DISTRICT_IN_NAME = re.compile(r"^(.{2,12}?(?:自治县|区|县|旗|市))(?:人民政府|政府)")
_NO_DISTRICT = re.compile(r"^(区|县|市|旗)?(人民政府|政府)")


class OfficeNameError(DuchabanError):
    """The office name or district given cannot head a bulletin."""


def district_of(name: str) -> str | None:
    """The district a full office name begins with (梁平区人民政府督查办公室 -> 梁平区), or None."""
    match = _DISTRICT_IN_NAME.match(name.strip())
    return match.group(1) if match else None


def office_identity(name: str | None, district: str | None) -> tuple[str, str]:
    """(full name, district) from what the user gave; OfficeNameError when they cannot head a bulletin.

    A district alone gives the usual full name (梁平区 -> 梁平区人民政府督查办公室); a full name alone
    must begin with its district, so that no masthead reads "区人民政府督查办公室".
    """
    name = (name or "").strip()
    district = (district or "").strip()
    if not name and not district:
        raise OfficeNameError("请填写本办全称或所在区县名")
    if district and (len(district) < 2 or _NO_DISTRICT.match(district) or district in ("区", "县", "市", "旗")):
        raise OfficeNameError(f"区县名“{district}”不完整,应写全称,如“梁平区”")
    if not name:
        return district + OFFICE_SUFFIX, district
    if _NO_DISTRICT.match(name):
        raise OfficeNameError(f"本办全称“{name}”缺少区县名,应写如“梁平区人民政府督查办公室”")
    if district:
        if district not in name:
            raise OfficeNameError(f"本办全称“{name}”中没有区县名“{district}”,请核对")
        return name, district
    found = district_of(name)
    if found is None:
        raise OfficeNameError(f"无法从本办全称“{name}”看出所在区县,请同时填写区县名")
    return name, found
