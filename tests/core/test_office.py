"""The office's full name and district: what may head a bulletin."""

import pytest

from duchaban.core.office import OfficeNameError, district_of, office_identity


@pytest.mark.parametrize("name, district, expected", [
    (None, "梁平区", ("梁平区人民政府督查办公室", "梁平区")),
    ("梁平区人民政府督查办公室", None, ("梁平区人民政府督查办公室", "梁平区")),
    ("巫溪县人民政府督查室", "巫溪县", ("巫溪县人民政府督查室", "巫溪县")),
    ("酉阳土家族苗族自治县人民政府督查办公室", None,
     ("酉阳土家族苗族自治县人民政府督查办公室", "酉阳土家族苗族自治县")),
    ("  梁平区人民政府督查办公室 ", " 梁平区 ", ("梁平区人民政府督查办公室", "梁平区")),
])
def test_office_identity(name, district, expected):
    assert office_identity(name, district) == expected


@pytest.mark.parametrize("name, district, message", [
    (None, None, "请填写本办全称"),
    ("", "  ", "请填写本办全称"),
    ("区人民政府督查办公室", None, "缺少区县名"),
    ("区人民政府督查办公室", "梁平区", "缺少区县名"),
    (None, "区", "不完整"),
    (None, "人民政府", "不完整"),
    ("梁平区人民政府督查办公室", "巫溪县", "没有区县名“巫溪县”"),
    ("督查办", None, "无法从本办全称“督查办”看出所在区县"),
])
def test_office_identity_refuses_a_name_with_no_district(name, district, message):
    with pytest.raises(OfficeNameError, match=message):
        office_identity(name, district)


def test_district_of():
    assert district_of("万州区人民政府督查办公室") == "万州区"
    assert district_of("督查办公室") is None
