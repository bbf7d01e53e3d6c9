"""The field-laptop exchange package (.dcbx): one zip with a manifest, the records as JSON and the
evidence files by content hash. Reading checks everything before anything is merged."""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from duchaban.core.errors import DuchabanError
from duchaban.store.revisions import FIELD_TABLES

FORMAT = "duchaban-field-exchange"
VERSION = 2          # 2: rows carry their revisions, deletions travel as tombstones
READABLE_VERSIONS = (1, 2)
SUFFIX = ".dcbx"
RECORD_KEYS = ("inspections", "findings", "followups", "close_outs", "evidence", "draws")
MAX_UNPACKED = 4 * 1024**3   # refuse archives that would unpack beyond this (4 GB)


@dataclass
class Package:
    manifest: dict
    records: dict
    files: dict[str, bytes]   # sha256 -> content


def write_package(path: str | Path, *, manifest: dict, records: dict) -> Path:
    """Write the package through a temporary name; evidence rows' ``path`` is read and left out."""
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        raise DuchabanError(f"交换包文件应以 {SUFFIX} 结尾:{path.name}")
    if not path.parent.is_dir():
        raise DuchabanError(f"文件夹不存在:{path.parent}")
    partial = path.with_name(path.name + ".partial")
    evidence = [{k: v for k, v in row.items() if k != "path"} for row in records["evidence"]]
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps({**manifest, "format": FORMAT, "version": VERSION},
                                                         ensure_ascii=False, indent=1))
            archive.writestr("records.json", json.dumps({**records, "evidence": evidence}, ensure_ascii=False))
            for row in records["evidence"]:
                name = f"files/{row['sha256']}"
                if name not in archive.namelist():
                    try:
                        archive.write(row["path"], name)
                    except OSError:
                        raise DuchabanError(f"佐证文件缺失,无法打包:{row['file_name']}") from None
        os.replace(partial, path)
    except OSError as error:
        raise DuchabanError(f"无法写入交换包“{path.name}”:{error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return path


# The dates each kind of record carries: a date the window wrote is always YYYY-MM-DD.
_DATES = {"inspections": ("planned_on", "started_on", "ended_on"), "findings": ("deadline_on",),
          "followups": ("on_date",), "close_outs": ("closed_on",)}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHAT = {"inspections": "督查记录", "findings": "问题", "followups": "跟踪记录", "close_outs": "销号记录"}


def _odd_value(records: dict) -> str | None:
    """A value no screen of this program writes (a date "明天", a finding without its description),
    said in words; None when every record reads as one."""
    for kind, fields in _DATES.items():
        for row in records.get(kind, []):
            if not isinstance(row, dict):
                return f"不是记录的{_WHAT[kind]}"
            for name in fields:
                value = row.get(name)
                if value is not None and not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
                    return f"不是日期的日期(“{str(value)[:20]}”)"
    for row in records.get("findings", []):
        description = row.get("description")
        if not isinstance(description, str) or not description.strip():
            return "没有问题描述的问题"
    return None


def read_package(path: str | Path) -> Package:
    """The package's content; DuchabanError in Chinese for anything that is not a sound package."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise DuchabanError(f"文件不存在:{path}") from None
    except (zipfile.BadZipFile, OSError):
        raise DuchabanError(f"“{path.name}”不是督查办交换包(无法作为压缩包打开)") from None
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
            raise DuchabanError(f"“{path.name}”解压后过大,已拒绝")
        names = [info.filename for info in archive.infolist()]
        if len(names) != len(set(names)):
            # Two entries of one name: which one a tool shows differs, so the package may not be what was checked.
            raise DuchabanError(f"“{path.name}”中有同名的文件,交换包可能被改动过,未导入;请在外勤笔记本上重新导出")
        try:
            manifest = json.loads(archive.read("manifest.json"))
            records = json.loads(archive.read("records.json"))
        except KeyError:
            raise DuchabanError(f"“{path.name}”不是督查办交换包(缺少清单)") from None
        except (ValueError, zipfile.BadZipFile):
            raise DuchabanError(f"“{path.name}”已损坏,无法读取") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise DuchabanError(f"“{path.name}”不是督查办交换包")
        version = manifest.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise DuchabanError(f"“{path.name}”的版本号“{version}”有误,不像本程序导出的交换包,未导入")
        if version not in READABLE_VERSIONS:
            raise DuchabanError(f"交换包版本 {manifest.get('version')} 不受支持(本程序支持 {VERSION}),请升级程序")
        if not isinstance(records, dict) or any(not isinstance(records.get(k), list) for k in RECORD_KEYS):
            raise DuchabanError(f"“{path.name}”内容不完整")
        records.setdefault("tombstones", [])     # version 1 packages carried no deletions
        if not isinstance(records["tombstones"], list):
            raise DuchabanError(f"“{path.name}”内容不完整")
        # A field package carries the field's records only: the directory, the plan and the ledgers
        # travel through the office hub, where their rules are kept (who may write them, what a
        # revision removes); a package naming them was not written by this program.
        outside = set(records) - {*RECORD_KEYS, "staff", "tombstones"}
        outside_tombstones = [t for t in records["tombstones"]
                              if not isinstance(t, dict) or t.get("table") not in FIELD_TABLES]
        if outside or outside_tombstones:
            raise DuchabanError(f"“{path.name}”中含有外勤交换包不应带的记录(单位名录、分解方案、台账等),未导入;"
                                "外勤交换包只带督查、问题、跟踪、销号、佐证材料和随机抽取记录")
        odd = _odd_value(records)
        if odd is not None:
            raise DuchabanError(f"“{path.name}”中有{odd},不像本程序导出的交换包,未导入;请在外勤笔记本上重新导出")
        files = {}
        for row in records["evidence"]:
            name = row.get("file_name") if isinstance(row, dict) else None
            if not isinstance(name, str) or not name.strip(" .") or any(c in name for c in "/\\\x00"):
                # A file name with a folder in it (../..) is not one a person gave an evidence file.
                raise DuchabanError(f"“{path.name}”中佐证材料的文件名“{str(name)[:40]}”不是一个文件名,未导入")
            sha = row.get("sha256", "")
            if sha in files:
                continue
            try:
                data = archive.read(f"files/{sha}")
            except (KeyError, zipfile.BadZipFile):
                raise DuchabanError(f"交换包缺少佐证文件“{row.get('file_name')}”") from None
            if hashlib.sha256(data).hexdigest() != sha:
                raise DuchabanError(f"佐证文件“{row.get('file_name')}”校验不符,交换包可能已损坏")
            files[sha] = data
    return Package(manifest, records, files)
