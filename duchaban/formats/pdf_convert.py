"""PDF copies of documents through LibreOffice, when it is installed (headless conversion)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from duchaban.core.errors import DuchabanError

CONVERT_TIMEOUT = 180  # seconds; a first start of LibreOffice builds its profile and is slow


def libreoffice_program() -> str | None:
    """The soffice executable, or None when LibreOffice is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for root in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
            candidate = Path(root or "C:/Program Files") / "LibreOffice" / "program" / "soffice.exe"
            if candidate.exists():
                return str(candidate)
    return None


def convert_to_pdf(document: str | Path) -> Path:
    """Write ``document``'s PDF beside it and return its path; DuchabanError when that cannot be done."""
    document = Path(document)
    program = libreoffice_program()
    if program is None:
        raise DuchabanError("未安装 LibreOffice,无法生成 PDF;可在 Word/WPS 中打开 .docx 后另存为 PDF")
    with tempfile.TemporaryDirectory(prefix="duchaban-lo-") as profile:
        # A private profile: a LibreOffice the user has open does not block or receive the job.
        command = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(document.parent), str(document)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise DuchabanError(f"LibreOffice 转换超时({CONVERT_TIMEOUT} 秒)") from None
    pdf = document.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.exists():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["无输出"]
        raise DuchabanError(f"LibreOffice 未能生成 PDF:{detail[0]}")
    return pdf
