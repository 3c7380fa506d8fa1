"""LibreOffice and poppler for render tests: each conversion runs with its own profile, so a
running office or a parallel test cannot block it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def run_tool(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    tool = shutil.which(args[0])
    assert tool, f"{args[0]} is needed (install LibreOffice and poppler)"
    return subprocess.run([tool, *args[1:]], capture_output=True, text=True, timeout=timeout)


def convert_to_pdf(
    folder: Path, *files: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``soffice --headless --convert-to pdf`` of ``files`` into ``folder``."""
    profile = (folder / "profile").as_uri()
    return run_tool(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(f) for f in files),
        ],
        timeout,
    )
