"""The parser never stores a guess in silence: a line it cannot place says so, with its line."""

from duchaban.core.plan_parser import parse_plan_text


def _messages(items):
    return [(m.line, m.message) for m in items]


def test_units_below_an_unrecognised_task_line_are_refused_not_added_to_the_task_before():
    plan = parse_plan_text(
        "一、生态\n"
        "19.全面推行林长制。\n"
        "责任单位:区林业局\n"
        "二〇.PM2.5年均浓度稳定达标。\n"
        "责任单位:区生态环境局;配合单位:各乡镇(街道)。\n"
        "21.推进污水治理。\n"
        "责任单位:区水利局\n"
    )
    assert _messages(plan.errors) == [
        (5, "第5行的责任单位不能确定属于哪项任务:上面第4行没有识别为任务(“二〇.PM2.5年均浓度稳定达标。”),"
            "请核对编号后再导入")]
    assert (4, "无法归入任何任务,已忽略:二〇.PM2.5年均浓度稳定达标。") in _messages(plan.warnings)
    assert [(t.number, t.responsible, t.cooperating) for t in plan.tasks] == [
        (19, ["区林业局"], []), (21, ["区水利局"], [])]


def test_task_text_starting_with_a_decimal_leaves_its_units_unattached():
    plan = parse_plan_text("一、甲\n32.建设供销网点。\n责任单位:区供销合作社\n33.5G基站建设完成600个。\n"
                           "责任单位:区经济信息委\n")
    assert _messages(plan.errors) == [
        (5, "第5行的责任单位不能确定属于哪项任务:上面第4行没有识别为任务(“33.5G基站建设完成600个。”),"
            "请核对编号后再导入")]
    assert plan.tasks[0].responsible == ["区供销合作社"]


def test_tasks_numbered_1_paren_or_paren_1_are_read_as_tasks():
    for first, second in (("1)", "2)"), ("(1)", "(2)"), ("（1）", "（2）")):
        plan = parse_plan_text(f"一、产业\n(一)做强工业\n{first}建成产业园。\n责任单位:区经济信息委\n"
                               f"(二)做优服务\n{second}培育企业。\n责任单位:区科技局\n")
        assert plan.errors == [] and plan.warnings == []
        assert [(t.number, t.text, t.section_path, t.responsible) for t in plan.tasks] == [
            (1, "建成产业园。", (1, 1), ["区经济信息委"]), (2, "培育企业。", (1, 2), ["区科技局"])]


def test_sub_items_numbered_1_paren_within_tasks_stay_the_tasks_text():
    for task1, task2 in (("1.", "2."), ("(一)", "(二)")):
        plan = parse_plan_text(f"一、产业\n{task1}建园区:\n(1)完成规划;\n(2)完成招商。\n责任单位:区科技局\n"
                               f"{task2}育企业:\n(1)新增规上企业;\n(2)培育龙头。\n责任单位:区经济信息委\n")
        assert plan.errors == []
        assert [(t.number, t.text, t.responsible) for t in plan.tasks] == [
            (1, "建园区:(1)完成规划;(2)完成招商。", ["区科技局"]),
            (2, "育企业:(1)新增规上企业;(2)培育龙头。", ["区经济信息委"])]


def test_second_unit_line_of_a_task_is_kept_with_a_warning():
    plan = parse_plan_text("一、甲\n11.深化改革。\n责任单位:区国资委。\n责任单位:区财政局。\n12.扩大开放。\n"
                           "责任单位:区商务委\n")
    assert _messages(plan.warnings)[1:] == [
        (4, "第4行又写了一行责任单位,已并入任务 11(第2行);如果这些单位属于下一项任务,请移到该任务之后")]
    assert plan.errors == []
    assert [(t.number, t.responsible) for t in plan.tasks] == [(11, ["区国资委", "区财政局"]), (12, ["区商务委"])]


def test_unit_line_above_its_task_is_refused_when_that_task_has_none():
    plan = parse_plan_text("一、甲\n11.深化改革。\n责任单位:区国资委。\n责任单位:区发展改革委;配合单位:区金融工作办。\n"
                           "12.深化投融资体制改革。\n13.扩大开放。\n责任单位:区商务委\n")
    assert _messages(plan.errors) == [
        (4, "第4行的单位写在任务 11 和任务 12(第5行)之间,任务 12 没有写明单位:不能确定属于哪项任务,请核对后再导入")]
    assert [t.number for t in plan.tasks] == [11, 12, 13]


def test_label_lines_that_continue_a_list_are_not_a_second_line():
    plan = parse_plan_text("一、甲\n1.修路。\n责任单位:区交通局;\n配合单位:区财政局\n")
    assert plan.warnings == [] and plan.errors == []
    assert plan.tasks[0].cooperating == ["区财政局"]


def test_sub_sections_before_the_first_part_heading_are_refused_and_paths_stay_distinct():
    plan = parse_plan_text("(一)创新\n1.建园区。\n责任单位:区科技局\n(二)产业\n2.培育企业。\n责任单位:区经济信息委\n"
                           "二、预期目标\n3.增长8%。\n责任单位:区发展改革委\n")
    assert _messages(plan.errors) == [
        (7, "第7行的部分“二、”之前有不属于任何部分的子部分(第1行起),可能缺少第一部分的标题“一、…”:"
            "不能确定这些子部分属于哪一部分,请补上部分标题后再导入")]
    paths = [s.path for s in plan.sections]
    assert len(set(paths)) == len(paths) == 3
    assert [t.number for t in plan.tasks] == [1, 2, 3]


def test_two_sections_with_one_path_are_an_error_naming_both_lines():
    from duchaban.core.plan import ParsedPlan, Section
    from duchaban.core.plan_parser import _check_section_paths

    plan = ParsedPlan(sections=[Section((1,), "(一)", "创新", 3), Section((1,), "二、", "目标", 9)])
    _check_section_paths(plan)
    assert _messages(plan.errors) == [
        (9, "第9行的“二、目标”与第3行的“(一)创新”编号位置相同,不能确定各任务属于哪一部分,请核对部分编号后再导入")]


def test_state_council_bracket_holding_an_inner_bracket_gives_its_units():
    plan = parse_plan_text(
        "一、产业\n"
        "1.壮大主导产业。(区经济信息委、区科技局牵头,区交通局、有关乡镇(街道)按职责分工负责)\n"
        "2.现代服务业深度融合。(区发展改革委牵头,区政府有关部门、各乡镇(街道)按职责分工负责)。\n"
        "3.建设产业园(一期)。\n"
        "责任单位:区商务委\n"
    )
    assert plan.warnings == [] and plan.errors == []
    assert [(t.text, t.responsible) for t in plan.tasks] == [
        ("壮大主导产业。", ["区经济信息委", "区科技局", "区交通局", "有关乡镇(街道)"]),
        ("现代服务业深度融合。", ["区发展改革委", "区政府有关部门", "各乡镇(街道)"]),
        ("建设产业园(一期)。", ["区商务委"]),
    ]
    assert plan.tasks[0].lead == "区经济信息委"


def test_unit_lists_split_on_he_ji_and_single_spaces_between_whole_names():
    plan = parse_plan_text(
        "一、甲\n"
        "1.建园区。\n责任单位:区经济信息委 区科技局 工业园区管委会;配合单位:各乡镇(街道)。\n"
        "2.促消费。\n责任单位:区发展改革委和区商务委;配合单位:区政府有关部门及各乡镇(街道)。\n"
        "3.稳就业。\n责任单位:区人力资源和社会保障局、区住房和城乡建设委员会\n"
    )
    assert plan.warnings == [] and plan.errors == []
    assert [(t.responsible, t.cooperating) for t in plan.tasks] == [
        (["区经济信息委", "区科技局", "工业园区管委会"], ["各乡镇(街道)"]),
        (["区发展改革委", "区商务委"], ["区政府有关部门", "各乡镇(街道)"]),
        (["区人力资源和社会保障局", "区住房和城乡建设委员会"], []),
    ]


def test_lead_and_cooperating_marks_on_names_are_read_and_taken_off():
    plan = parse_plan_text(
        "一、甲\n"
        "1.建园区。\n责任单位:工业园区管委会、区科技局(牵头)、区经济信息委(配合)\n"
        "2.育企业。\n责任单位:区经济信息委牵头,区科技局、工业园区管委会配合。\n"
        "3.强科技。\n责任单位:区科技局等;配合单位:区经济信息委等部门\n"
    )
    assert plan.warnings == [] and plan.errors == []
    assert [(t.lead, t.responsible, t.cooperating) for t in plan.tasks] == [
        ("区科技局", ["区科技局", "工业园区管委会"], ["区经济信息委"]),
        ("区经济信息委", ["区经济信息委"], ["区科技局", "工业园区管委会"]),
        ("区科技局", ["区科技局"], ["区经济信息委"]),
    ]


def test_an_asterisk_on_a_name_is_taken_off_with_a_warning_on_its_line():
    plan = parse_plan_text("一、甲\n1.建园区。\n责任单位:区经济信息委*、区科技局;配合单位:区发展改革委\n")
    assert _messages(plan.warnings) == [
        (3, "“区经济信息委*”的“*”没有说明含义,已按“区经济信息委”读取,请核对它是否为牵头单位")]
    assert plan.tasks[0].responsible == ["区经济信息委", "区科技局"]


def test_a_text_line_after_a_list_ending_in_dun_is_not_a_unit():
    plan = parse_plan_text("一、甲\n1.管好资金。\n责任单位:区财政局、区审计局、\n严格管好用好公共资金\n"
                           "2.建园区。\n责任单位:区科技局、\n区经济信息委。\n")
    assert _messages(plan.errors) == [
        (4, "第4行“严格管好用好公共资金”接在以“、”结尾的单位列表后面,但不像单位名称:"
            "不能确定它是单位还是正文,请核对后再导入")]
    assert [t.responsible for t in plan.tasks] == [["区财政局", "区审计局"], ["区科技局", "区经济信息委"]]


COVER = ("关于印发2021年目标任务分解方案的通知\n各部门:\n现将分解方案印发给你们,将{n}项目标任务抓早抓实。\n"
         "2021年目标任务分解方案\n一、甲\n")


def test_fewer_tasks_than_the_notice_states_is_an_error_naming_both_counts():
    plan = parse_plan_text(COVER.format(n=3) + "1.修路。\n责任单位:区交通局\n2.建校。\n责任单位:区教委\n")
    assert _messages(plan.errors) == [
        (3, "第3行写明共 3 项任务,但只读到 2 项(编号 1–2),请核对是否有任务没有读出后再导入")]
    assert [t.number for t in plan.tasks] == [1, 2]


def test_more_tasks_than_the_notice_states_is_a_warning_and_the_stated_count_passes():
    body = "1.修路。\n责任单位:区交通局\n2.建校。\n责任单位:区教委\n"
    plan = parse_plan_text(COVER.format(n=1) + body)
    assert _messages(plan.warnings) == [(3, "第3行写明共 1 项任务,但读到 2 项(编号 1–2),请核对")]
    assert plan.errors == []
    same = parse_plan_text(COVER.format(n=2) + body)
    assert same.errors == [] and same.warnings == []


def test_chinese_numeral_with_a_dot_out_of_part_order_is_refused_not_read_as_a_part():
    plan = parse_plan_text("一、甲\n11.深化改革。\n责任单位:区国资委\n十二.扩大投资。\n责任单位:区发展改革委\n"
                           "13.扩大开放。\n责任单位:区商务委\n二.乙\n14.建校。\n责任单位:区教委\n")
    assert _messages(plan.errors) == [
        (4, "第4行“十二.扩大投资。”不能确定是部分标题还是任务 12(下一个部分应为第2部分):"
            "任务请写作“12.”,部分请写作“十二、”,改正后再导入"),
        (5, "第5行的责任单位不能确定属于哪项任务:上面第4行没有识别为任务(“十二.扩大投资。”),请核对编号后再导入")]
    assert [(s.path, s.title) for s in plan.sections] == [((1,), "甲"), ((2,), "乙")]
    assert [(t.number, t.responsible) for t in plan.tasks] == [
        (11, ["区国资委"]), (13, ["区商务委"]), (14, ["区教委"])]


def test_a_table_row_with_units_but_no_number_is_an_error_naming_the_row():
    plan = parse_plan_text("2021年任务分解表\n序号\t工作任务\t责任单位\n1\t修路。\t区交通局\n\t建校。\t区教委\n"
                           "3\t建园区。\t区科技局\n")
    assert _messages(plan.errors) == [
        (4, "第4行写有单位,但没有识别出任务编号:“建校。(责任单位:区教委)”,不能确定是哪项任务,请补上编号后再导入")]
    assert [(t.number, t.responsible) for t in plan.tasks] == [(1, ["区交通局"]), (3, ["区科技局"])]


def test_label_spaced_out_is_still_the_label():
    plan = parse_plan_text("一、甲\n1.推动引调水工程。\n责 任 单 位:区水利局;配 合 单 位:区发展改革委。\n")
    assert plan.warnings == [] and plan.errors == []
    assert (plan.tasks[0].text, plan.tasks[0].responsible, plan.tasks[0].cooperating) == (
        "推动引调水工程。", ["区水利局"], ["区发展改革委"])


def test_deadline_before_the_plan_year_is_a_warning_on_its_line():
    plan = parse_plan_text("2021年任务分解方案\n一、甲\n1.修路。\n责任单位:区交通局\n完成时限:2020年底前\n"
                           "2.建校。\n责任单位:区教委\n完成时限:2022年6月底前\n")
    assert _messages(plan.warnings) == [
        (5, "任务 1 的完成时限“2020年底前”早于方案年度 2021 年,已按 2020-12-31 保存,请核对")]
    assert [t.deadline.year for t in plan.tasks] == [2020, 2022]


def test_a_unit_both_responsible_and_cooperating_is_kept_once_with_a_warning():
    plan = parse_plan_text("一、甲\n1.管好资金。\n责任单位:区财政局;\n配合单位:区财政局、区审计局。\n")
    assert _messages(plan.warnings) == [
        (4, "任务 1 的“区财政局”既是责任单位又是配合单位,已只作为责任单位保存,请核对")]
    assert (plan.tasks[0].responsible, plan.tasks[0].cooperating) == (["区财政局"], ["区审计局"])


def test_tasks_below_an_unread_heading_say_which_section_they_stay_in():
    plan = parse_plan_text("一、甲\n(一)安全\n1.守住底线。\n责任单位:区卫生健康委\n全面加强政府自身建设\n"
                           "2.依法行政。\n责任单位:区司法局\n")
    assert _messages(plan.warnings) == [
        (5, "无法归入任何任务,已忽略:全面加强政府自身建设"),
        (6, "任务 2 上面的第5行“全面加强政府自身建设”没有识别;任务 2 及以后的任务仍归入“(一)安全”,"
            "如果那一行是部分或子部分的标题,请补上编号")]
    assert [t.section_path for t in plan.tasks] == [(1, 1), (1, 1)]


def test_zero_width_characters_do_not_become_part_of_a_name():
    plan = parse_plan_text("一、甲\n1.建园区。\n责任单位:区经济\u200b信息委;配合单位:\ufeff区科技局\n")
    assert (plan.tasks[0].responsible, plan.tasks[0].cooperating) == (["区经济信息委"], ["区科技局"])


def test_a_table_header_repeated_on_each_page_is_not_reported():
    from duchaban.core.plan_table import table_lines

    header = ["序号", "工作任务", "责任单位"]
    rows = [header, ["1", "修路。", "区交通局"], header, ["2", "建校。", "区教委"]]
    plan = parse_plan_text("2021年任务分解表\n" + "\n".join(table_lines(rows)) + "\n")
    assert plan.warnings == [] and plan.errors == []
    assert [(t.number, t.responsible) for t in plan.tasks] == [(1, ["区交通局"]), (2, ["区教委"])]
    pasted = parse_plan_text("2021年任务分解表\n序号|工作任务|责任单位\n1|修路。|区交通局\n序号|工作任务|责任单位\n"
                             "2|建校。|区教委\n")
    assert pasted.warnings == [] and [t.number for t in pasted.tasks] == [1, 2]


def test_a_unit_name_cut_at_the_line_end_is_joined_with_a_warning():
    plan = parse_plan_text(
        "一、甲\n"
        "1.建园区。\n责任单位:区科技局;配合单位:区发展改革委、区大数据\n发展局。\n"
        "2.治水。\n责任单位:区水利局;配合单位:区财政局、有关乡镇(街\n道)。\n"
        "3.建城。\n责任单位:区住房城乡建委;配合单位:工业园区管委\n会。\n"
        "4.管钱。\n责任单位:区财政局\n严格管好用好公共资金\n"
    )
    assert _messages(plan.warnings) == [
        (4, "第4行接着上一行的单位名称,已连成“区大数据发展局”,请核对"),
        (7, "第7行接着上一行的单位名称,已连成“有关乡镇(街道)”,请核对"),
        (10, "第10行接着上一行的单位名称,已连成“工业园区管委会”,请核对"),
        (13, "无法归入任何任务,已忽略:严格管好用好公共资金")]
    assert [t.cooperating for t in plan.tasks] == [
        ["区发展改革委", "区大数据发展局"], ["区财政局", "有关乡镇(街道)"], ["工业园区管委会"], []]
    assert plan.tasks[3].responsible == ["区财政局"]


def test_a_part_column_in_a_task_table_gives_the_parts():
    from duchaban.core.plan_table import table_lines

    rows = [["序号", "所属部分", "工作任务", "责任单位"],
            ["1", "一、“十四五”时期重点工作", "建园区。", "区科技局"],
            ["2", "一、“十四五”时期重点工作", "育企业。", "区经济信息委"],
            ["3", "二、2021年重点工作", "修路。", "区交通局"],
            ["4", "", "建校。", "区教委"],
            ["5", "民生保障", "办医院。", "区卫生健康委"]]
    plan = parse_plan_text("2021年任务分解表\n" + "\n".join(table_lines(rows)) + "\n")
    assert [(s.path, s.numeral, s.title, s.line) for s in plan.sections] == [
        ((1,), "一、", "“十四五”时期重点工作", 3), ((2,), "二、", "2021年重点工作", 5)]
    assert [(t.number, t.section_path, t.responsible) for t in plan.tasks] == [
        (1, (1,), ["区科技局"]), (2, (1,), ["区经济信息委"]), (3, (2,), ["区交通局"]), (4, (2,), ["区教委"]),
        (5, (2,), ["区卫生健康委"])]
    assert _messages(plan.warnings) == [(7, "第7行的所属部分“民生保障”没有“一、”这样的编号,未作为部分,请核对")]


def test_a_task_whose_text_starts_with_a_digit_gets_a_hint_and_reads_with_a_space():
    text = "一、甲\n32.建设供销网点。\n责任单位:区供销合作社\n33.5G基站建设完成600个。\n责任单位:区经济信息委\n"
    plan = parse_plan_text(text)
    assert (4, "无法归入任何任务,已忽略:33.5G基站建设完成600个。(如果这是任务 33,请在“33.”后加一个空格,以免读成小数)") \
        in _messages(plan.warnings)
    fixed = parse_plan_text(text.replace("33.5G", "33. 5G"))
    assert fixed.errors == [] and _messages(fixed.warnings) == [(2, "任务编号不连续:缺少 1–31")]
    assert [(t.number, t.text, t.responsible) for t in fixed.tasks] == [
        (32, "建设供销网点。", ["区供销合作社"]), (33, "5G基站建设完成600个。", ["区经济信息委"])]


def test_a_task_numbered_like_a_sub_section_before_the_first_part_is_not_a_lost_part():
    # Found by the fuzz test: a (一) task ahead of 一、 made no section, yet was taken for one.
    plan = parse_plan_text("(一)产业发展\n责任单位:区科技局;配合单位:各乡镇(街道)。\n一、总体目标")
    assert [t.number for t in plan.tasks] == [1] and plan.tasks[0].responsible == ["区科技局"]
    assert plan.errors == []
