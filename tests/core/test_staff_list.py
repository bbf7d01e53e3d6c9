from duchaban.core.staff_list import StaffLine, parse_staff_lines


def test_one_person_a_line_with_an_optional_title():
    parsed = parse_staff_lines("王建国 主任\n\n  李明\t副主任\n赵丽\n欧阳娜娜,科员\n")
    assert parsed.problems == ()
    assert parsed.people == (StaffLine(1, "王建国", "主任"), StaffLine(3, "李明", "副主任"), StaffLine(4, "赵丽"),
                             StaffLine(5, "欧阳娜娜", "科员"))


def test_lines_that_are_not_one_person_are_named_not_guessed():
    parsed = parse_staff_lines("王建国 李明 赵丽\n" + "长" * 21 + "\n张三\n张三 主任\n")
    assert parsed.people == (StaffLine(3, "张三"),)
    assert parsed.problems == ("第 1 行“王建国 李明 赵丽”不是“姓名 职务”:请每行只写一人",
                               "第 2 行的姓名超过 20 个字", "第 4 行的“张三”与第 3 行重复")


def test_two_people_a_swapped_line_and_a_spaced_name_are_named_not_guessed():
    parsed = parse_staff_lines("主任 李明\n张伟 李娜\nJohn Smith\n王\u3000建国\n刘洋 督查员\n陈静 四级主任科员\n")
    assert parsed.people == (StaffLine(5, "刘洋", "督查员"), StaffLine(6, "陈静", "四级主任科员"))
    assert parsed.problems == (
        "第 1 行“主任 李明”:“主任”是职务,姓名应写在前面(“姓名 职务”)",
        "第 2 行“张伟 李娜”:“李娜”不像职务;如果是两个人,请每行只写一人;如果姓名中间有空格,请去掉空格",
        "第 3 行“John Smith”:“Smith”不像职务;如果是两个人,请每行只写一人;如果姓名中间有空格,请去掉空格",
        "第 4 行“王\u3000建国”:“建国”不像职务;如果是两个人,请每行只写一人;如果姓名中间有空格,请去掉空格")

