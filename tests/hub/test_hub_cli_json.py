"""`duchaban hub init`, `hub clone` and `sync`, run as a user would against a real PostgreSQL: what
--json prints (the hub's summaries and the sync report) and the Chinese lines without it."""

import json

from duchaban.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_hub_init_clone_and_sync_report_in_json_and_in_chinese(capsys, hub_url, laptops):
    office, folder = laptops
    init = json.loads(run(capsys, "hub", "init", "--hub", hub_url, "--db", str(office), "--operator", "王建国",
                          "--json"))
    assert set(init) == {"hub", "upgraded_from", "base_copy", "sync"}
    assert init["upgraded_from"] == 0 and init["base_copy"] is True
    again = run(capsys, "hub", "init", "--hub", hub_url, "--db", str(office), "--operator", "王建国")
    assert again.startswith("办公室数据库 ") and "已是最新结构" in again

    laptop = folder / "a.dcb"
    clone = json.loads(run(capsys, "hub", "clone", "--hub", hub_url, "--db", str(laptop), "--operator", "陈静",
                           "--json"))
    assert set(clone) == {"database", "pulled", "files_waiting"} and clone["database"] == str(laptop)

    report = json.loads(run(capsys, "sync", "--hub", hub_url, "--db", str(laptop), "--operator", "陈静", "--json"))
    assert set(report) == {"pulled", "pushed", "already_at_hub", "files_sent", "files_waiting", "audit_sent"}
    assert set(report["pulled"]) == {"inserted", "updated", "deleted", "unchanged", "kept_local", "conflicts"}
    assert report["pushed"] == {} and report["pulled"]["conflicts"] == []
    lines = run(capsys, "sync", "--hub", hub_url, "--db", str(laptop), "--operator", "陈静").splitlines()
    assert lines[0].startswith("取回:新增 无;") and lines[1].startswith("发送:无(办公室已有 ")
