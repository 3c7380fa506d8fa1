"""WRES.xlam, built here as far as Excel's edge: package, ribbon, VBA, install (SPEC §6, §7)."""

from __future__ import annotations

import datetime
import difflib
import inspect
import json
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import typing
import zipfile
from pathlib import Path, PureWindowsPath
from xml.etree import ElementTree

import olefile
import openpyxl
import pytest
from oletools.olevba import VBA_Parser, decompress_stream
from pyopenvba import ExcelFile

from wres_xl.commands.addin import build as addin
from wres_xl.commands.addin import functions as addin_functions
from wres_xl.commands.addin.build import (
    ADDIN_CONTENT_TYPE,
    ADDIN_NAME,
    CHECK_COMMAND,
    PROJECT_NAME,
    REFRESH_COMMAND,
    RIBBON_PART,
    RIBBON_RELATIONSHIP,
    InstallResult,
    build_addin,
    install_addin,
    read_settings,
)
from wres_xl.errors import WresError, WresFileError

REPO = Path(__file__).resolve().parent.parent
XLWINGS_DIR = addin.xlwings_package_dir()

#: SPEC §6: every worksheet function, its arguments in order, and which are optional.
SPEC_FUNCTIONS: dict[str, tuple[list[str], list[str]]] = {
    "WRES_RL": (["indicator", "white_events", "white_total", "bme_events", "bme_total"], []),
    "WRES_CI": (
        ["indicator", "white_events", "white_total", "bme_events", "bme_total"],
        ["level"],
    ),
    "WRES_PVALUE": (["white_events", "white_total", "bme_events", "bme_total"], []),
    "WRES_RATING": (["indicator", "white_events", "white_total", "bme_events", "bme_total"], []),
    "WRES_FOURFIFTHS": (["rl"], []),
    "WRES_EVENTS": (["percent", "respondents"], []),
    "WRES_BOARD_GAP": (["board_bme", "board_total", "workforce_bme", "workforce_total"], []),
    "WRES_GROUP": (["ethnic_origin"], []),
    "WRES_BAND": (["band_text"], []),
    "WRES_REDACT": (["range"], ["hide_up_to"]),
    "WRES_NARRATIVE": (
        ["indicator", "white_events", "white_total", "bme_events", "bme_total"],
        ["term"],
    ),
}
#: [MS-OVBA] 2.3.4.1, the _VBA_PROJECT stream as a writer MUST write it: Reserved1 0x61CC,
#: Version 0xFFFF, Reserved2 0x00, Reserved3 0x0000, no PerformanceCache.
PORTABLE = bytes.fromhex("CC61FFFF000000")

RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
UI_NS = "{http://schemas.microsoft.com/office/2009/07/customui}"
VBA_PROJECT_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

CALLBACK = re.compile(
    r"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+(\w+)[ \t]*"
    r"\([ \t]*control[ \t]+As[ \t]+IRibbonControl[ \t]*\)"
    r"(.*?)^[ \t]*End[ \t]+Sub",
    re.M | re.S | re.I,
)
FUNCTION = re.compile(
    r"^[ \t]*(?:Public[ \t]+)?Function[ \t]+((?:WRES|WDES)_\w+)[ \t]*\(([^)]*)\)"
    r"(.*?)^[ \t]*End[ \t]+Function",
    re.M | re.S | re.I,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin"))


@pytest.fixture(scope="module")
def modules(built: Path) -> dict[str, str]:
    """Module name -> VBA source, as olevba extracts it from the built file."""
    parser = VBA_Parser(str(built))
    try:
        assert parser.detect_vba_macros()
        return {
            vba_filename.rsplit(".", 1)[0]: code.replace("\r\n", "\n")
            for _, _, vba_filename, code in parser.extract_macros()
        }
    finally:
        parser.close()


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _ribbon_buttons(path: Path) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(_parts(path)[RIBBON_PART])
    return root.findall(f".//{UI_NS}button")


# ---------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------


def test_package_is_a_macro_enabled_addin(built: Path) -> None:
    assert built.name == ADDIN_NAME
    parts = _parts(built)
    types = ElementTree.fromstring(parts["[Content_Types].xml"])
    overrides = {
        item.get("PartName"): item.get("ContentType") for item in types.iter(f"{TYPES_NS}Override")
    }
    defaults = {
        item.get("Extension", "").lower(): item.get("ContentType")
        for item in types.iter(f"{TYPES_NS}Default")
    }
    assert overrides["/xl/workbook.xml"] == ADDIN_CONTENT_TYPE
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
    assert parts["xl/vbaProject.bin"].startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    # Every part has a content type, or Excel reports the file as damaged.
    for name in parts:
        if name != "[Content_Types].xml":
            assert f"/{name}" in overrides or name.rsplit(".", 1)[-1].lower() in defaults, name

    workbook_rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    assert any(
        rel.get("Type") == VBA_PROJECT_RELATIONSHIP and rel.get("Target") == "vbaProject.bin"
        for rel in workbook_rels.iter(f"{RELS_NS}Relationship")
    )
    package_rels = ElementTree.fromstring(parts["_rels/.rels"])
    ribbon = [
        rel
        for rel in package_rels.iter(f"{RELS_NS}Relationship")
        if rel.get("Type") == RIBBON_RELATIONSHIP
    ]
    assert [rel.get("Target") for rel in ribbon] == [RIBBON_PART]
    ids = [rel.get("Id") for rel in package_rels.iter(f"{RELS_NS}Relationship")]
    assert len(ids) == len(set(ids))


def test_vba_project_is_consistent_and_references_office(built: Path) -> None:
    with ExcelFile(built) as book:
        assert book.validate() == []
        assert {ref.name for ref in book.references()} >= {"Office", "stdole"}
        assert book.module_names() == [
            "ThisWorkbook",
            "Sheet1",
            "xlwings",
            "Dictionary",
            "WresRibbon",
            "WresFunctions",
        ]


def test_build_is_reproducible_and_replaces_an_old_file(tmp_path: Path, built: Path) -> None:
    target = tmp_path / "new folder" / ADDIN_NAME
    target.parent.mkdir()
    target.write_bytes(b"an old, broken add-in")
    # Replacing a file this run did not make needs --force (wres_xl.workbook.outputs, issue 11).
    with pytest.raises(WresFileError, match="--force"):
        build_addin(target.parent)
    assert target.read_bytes() == b"an old, broken add-in"
    assert build_addin(target.parent, force=True) == target
    assert target.read_bytes() == built.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == [ADDIN_NAME]


def test_build_defaults_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert build_addin() == Path.cwd() / ADDIN_NAME
    assert (tmp_path / ADDIN_NAME).is_file()


def test_build_into_a_folder_that_cannot_be_made_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    with pytest.raises(WresFileError, match="Cannot create the folder"):
        build_addin(blocker / "sub")


# ---------------------------------------------------------------------------
# The VBA project, byte by byte ([MS-OVBA]), read with olefile and oletools, not pyopenvba
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(built: Path) -> olefile.OleFileIO:
    return olefile.OleFileIO(_parts(built)["xl/vbaProject.bin"])


def _dir_records(data: bytes) -> list[tuple[int, bytes]]:
    """The dir stream's records, (Id, Data), through the terminator ([MS-OVBA] 2.3.4.2).

    Every record is Id (2 bytes), Size (4), Data, except two: PROJECTVERSION (0x0009),
    whose Size field is a Reserved 4 followed by 6 bytes, and the terminator (0x0010),
    which is the Id and a 4-byte Reserved and nothing more.
    """
    records: list[tuple[int, bytes]] = []
    at = 0
    while True:
        (record,) = struct.unpack_from("<H", data, at)
        if record == 0x0010:
            assert data[at:] == bytes.fromhex("100000000000"), "bytes after the terminator"
            records.append((record, b""))
            return records
        (size,) = struct.unpack_from("<I", data, at + 2)
        if record == 0x0009:
            assert size == 4
            size = 6
        records.append((record, data[at + 6 : at + 6 + size]))
        at += 6 + size
        assert at < len(data), "no terminator"


def _modules_in_dir(records: list[tuple[int, bytes]]) -> dict[str, int]:
    """Module stream name -> MODULEOFFSET."""
    offsets: dict[str, int] = {}
    stream = ""
    for record, data in records:
        if record == 0x001A:  # MODULESTREAMNAME
            stream = data.decode("cp1252")
        elif record == 0x0031:  # MODULEOFFSET
            (offsets[stream],) = struct.unpack("<I", data)
    return offsets


def test_vba_project_stream_is_the_portable_seven_bytes(project: olefile.OleFileIO) -> None:
    assert project.openstream("VBA/_VBA_PROJECT").read() == PORTABLE
    # Nor any of the other caches a writer must not emit.
    names = ["/".join(entry) for entry in project.listdir()]
    assert not [name for name in names if name.split("/")[-1].startswith("__SRP_")]


def test_dir_stream_ends_with_its_six_byte_terminator(project: olefile.OleFileIO) -> None:
    data = bytes(decompress_stream(bytearray(project.openstream("VBA/dir").read())))
    assert data.endswith(bytes.fromhex("2B0000000000100000000000"))
    records = _dir_records(data)
    assert [record for record, _ in records].count(0x0010) == 1


def test_every_module_stream_is_its_source_alone_at_offset_zero(
    built: Path, project: olefile.OleFileIO
) -> None:
    data = bytes(decompress_stream(bytearray(project.openstream("VBA/dir").read())))
    offsets = _modules_in_dir(_dir_records(data))
    assert list(offsets) == [
        "ThisWorkbook",
        "Sheet1",
        "xlwings",
        "Dictionary",
        "WresRibbon",
        "WresFunctions",
    ]
    assert set(offsets.values()) == {0}
    with ExcelFile(built) as book:
        for name in offsets:
            raw = project.openstream(f"VBA/{name}").read()
            # The whole stream is one compressed container (signature byte 0x01) holding
            # the source and nothing else: no compiled code for some other Excel to trust.
            assert raw[0] == 1, name
            source = bytes(decompress_stream(bytearray(raw))).decode("cp1252")
            assert source == book.get_module(name), name
            assert source.startswith(f'Attribute VB_Name = "{name}"'), name


def test_every_module_line_ends_crlf(project: olefile.OleFileIO) -> None:
    for entry in project.listdir():
        name = "/".join(entry)
        if entry[0] != "VBA" or entry[-1] in ("dir", "_VBA_PROJECT"):
            continue
        source = bytes(decompress_stream(bytearray(project.openstream(name).read())))
        bare = [m.start() for m in re.finditer(rb"(?<!\r)\n|\r(?!\n)", source)]
        assert not bare, f"{name}: bare line ends at {bare[:5]}"
        assert source.endswith(b"\r\n"), name


def test_the_old_substitution_would_have_left_a_bare_line_feed() -> None:
    # What addin.py did before: a pattern ending in \r?$ under re.M swallows the \r.
    installed = (XLWINGS_DIR / "xlwings_custom_addin.bas").read_bytes().decode("cp1252")
    crlf = installed.replace("\r\n", "\n").replace("\n", "\r\n")
    old = re.sub(
        r'^(Public Const PROJECT_NAME As String = )"[^"]*"\r?$', r'\1"wres-xl"', crlf, flags=re.M
    )
    assert re.search(r"(?<!\r)\n", old)
    ours, _, _ = addin.xlwings_runtime()
    assert not re.search(r"(?<!\r)\n|\r(?!\n)", ours)


# ---------------------------------------------------------------------------
# Ribbon and callbacks
# ---------------------------------------------------------------------------


def test_ribbon_xml_is_well_formed_with_refresh_and_check(built: Path) -> None:
    root = ElementTree.fromstring(_parts(built)[RIBBON_PART])
    assert root.tag == f"{UI_NS}customUI"
    tabs = root.findall(f"./{UI_NS}ribbon/{UI_NS}tabs/{UI_NS}tab")
    assert [tab.get("label") for tab in tabs] == ["WRES"]
    buttons = _ribbon_buttons(built)
    assert [b.get("label") for b in buttons][:2] == ["Refresh", "Check"]
    for button in buttons:
        assert button.get("imageMso")
        assert button.get("size") == "large"
        assert len(button.get("screentip", "")) > 10
        assert 40 < len(button.get("supertip", "")) <= 1024
    all_ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(all_ids) == len(set(all_ids))


def test_every_button_runs_a_python_entry_point_through_wresrun(
    built: Path, modules: dict[str, str]
) -> None:
    import wres_xl.excel

    callbacks = {
        name: body for source in modules.values() for name, body in CALLBACK.findall(source)
    }
    for button in _ribbon_buttons(built):
        action = button.get("onAction", "")
        assert action in callbacks, f"no Sub {action}(control As IRibbonControl)"
        found = re.fullmatch(
            r'\s*WresRun "import wres_xl\.excel; wres_xl\.excel\.(\w+)\(\)"\s*',
            callbacks[action],
        )
        assert found, f"{action} should only call WresRun with a wres_xl.excel entry point"
        assert callable(getattr(wres_xl.excel, found.group(1), None)), found.group(1)
    commands = re.findall(r'WresRun "([^"]+)"', modules["WresRibbon"])
    assert REFRESH_COMMAND in commands
    assert CHECK_COMMAND in commands
    # RunPython is called in one place, which turns a blocked Python into a plain message.
    calls = [
        line.strip()
        for source in modules.values()
        if source is not modules["xlwings"]
        for line in source.splitlines()
        if re.search(r"\bRunPython\b", line.split("'")[0])
    ]
    assert calls == ["RunPython command"]


# ---------------------------------------------------------------------------
# Worksheet function wrappers
# ---------------------------------------------------------------------------


def _wrappers(modules: dict[str, str]) -> dict[str, tuple[list[str], list[str], str]]:
    found: dict[str, tuple[list[str], list[str], str]] = {}
    for source in modules.values():
        for name, params, body in FUNCTION.findall(source):
            required: list[str] = []
            optional: list[str] = []
            for param in (p.strip() for p in params.split(",") if p.strip()):
                words = param.split()
                if words[0].lower() == "optional":
                    optional.append(words[1])
                else:
                    assert not optional, f"{name}: required {param} after an optional one"
                    required.append(words[0])
            assert name not in found, f"two wrappers for {name}"
            found[name] = (required, optional, body)
    return found


def test_olevba_finds_one_wrapper_per_python_function(modules: dict[str, str]) -> None:
    wrappers = _wrappers(modules)
    python = {
        f.name: (
            [a.name for a in f.arguments if not a.optional],
            [a.name for a in f.arguments if a.optional],
        )
        for f in addin_functions.worksheet_functions()
    }
    assert set(wrappers) == set(python)
    for name, (required, optional) in SPEC_FUNCTIONS.items():
        assert python[name] == (required, optional), name
    for name, (required, optional) in python.items():
        got_required, got_optional, body = wrappers[name]
        assert (got_required, got_optional) == (required, optional), name
        call = (
            f'{name} = XLPy.CallUDF("wres_xl.udfs", "{name}", '
            f"Array({', '.join(required + optional)}), ActiveWorkbook, Application.Caller)"
        )
        assert call in body, name
        assert f"{name} = WRES_ON_MAC" in body, name
        # Errors show in the cell, as in the wrappers xlwings generates.
        assert "On Error GoTo failed" in body
        assert f"{name} = WresCellError(Err.Number, Err.Description)" in body


def test_wrappers_match_the_python_functions() -> None:
    import wres_xl.udfs as udfs

    generated = addin_functions.worksheet_functions()
    python = {
        name: inspect.signature(func)
        for name, func in vars(udfs).items()
        if name.startswith(("WRES_", "WDES_")) and callable(func)
    }
    assert set(python) == {f.name for f in generated}
    for f in generated:
        params = list(python[f.name].parameters.values())
        assert [p.name for p in params] == [a.name for a in f.arguments], f.name
        assert [p.default is not inspect.Parameter.empty for p in params] == [
            a.optional for a in f.arguments
        ]


def test_no_function_is_listed_by_hand_in_the_vba() -> None:
    names = {f.name for f in addin_functions.worksheet_functions()}
    for path in (REPO / "vba").glob("*.bas"):
        words = set(re.findall(r"\bWRES_\w+", path.read_text(encoding="utf-8")))
        assert not words & names, f"{path.name} lists {sorted(words & names)} by hand"


def test_python_udf_annotations_are_types_xlwings_can_convert() -> None:
    # In Excel, xlwings turns each annotation into a converter, as xlwings.udfs.xlfunc does;
    # an annotation it has no converter for (object, int | str, Optional[...]) makes every
    # call of that function fail in the cell.
    udfs = pytest.importorskip("wres_xl.udfs")
    from xlwings.conversion import accessors

    problems = []
    for name in (f.name for f in addin_functions.worksheet_functions()):
        hints = typing.get_type_hints(getattr(udfs, name), include_extras=True)
        for arg, hint in hints.items():
            if typing.get_origin(hint) is typing.Annotated:
                hint = typing.get_args(hint)[0]
            top = typing.get_origin(hint) or hint
            if arg != "return" and top in (datetime.date, datetime.datetime):
                continue
            handler = accessors.get(top, top)
            if not hasattr(handler, "router" if arg == "return" else "reader"):
                problems.append(f"{name}: {arg} is annotated {hint!r}")
    assert not problems, "xlwings cannot convert: " + "; ".join(problems)


def test_vba_sources_are_plain_ascii() -> None:
    # VBA stores source in the project's ANSI code page; plain ASCII reads the same everywhere.
    for path in sorted((REPO / "vba").iterdir()):
        path.read_text(encoding="utf-8").encode("ascii")


# ---------------------------------------------------------------------------
# The xlwings runtime, taken from the installed package only
# ---------------------------------------------------------------------------


def test_xlwings_module_comes_from_the_installed_package_with_our_changes_only(
    built: Path, modules: dict[str, str]
) -> None:
    import xlwings

    installed = (XLWINGS_DIR / "xlwings_custom_addin.bas").read_text(encoding="cp1252")
    with ExcelFile(built) as book:
        ours = book.get_module("xlwings")
    diff = [
        line
        for line in difflib.unified_diff(
            installed.splitlines(), ours.splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    guard = f'Private Const WRES_PATH_GUARD As String = "{addin.PATH_GUARD}"'
    no_folder = 'AddExcelDir = "false"  \' wres-xl: only the installed package is imported'
    run = next(line for line in installed.splitlines() if "RunCommand = CondaCmd" in line)
    tail = next(line for line in installed.splitlines() if line.strip().startswith("tail = "))
    assert [line[1:].strip() for line in diff if line.startswith("+")] == [
        "Option Private Module",
        f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"',
        guard,
        "PythonCommand = WRES_PATH_GUARD & PythonCommand",
        no_folder,
        run.replace('" -B -c ""', '" -B -P -c ""').strip(),
        no_folder,
        tail.replace('" -B -c ""', '" -B -P -c ""')
        .replace('");import xlwings;', '");" & WRES_PATH_GUARD & "import xlwings;')
        .strip(),
    ]
    removed = [line[1:].strip() for line in diff if line.startswith("-")]
    # (Spelt in two pieces: a whole line of xlwings' code would trip the test below.)
    from_settings = 'AddExcelDir = GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", ' + '"true")'
    assert removed == [
        'Public Const PROJECT_NAME As String = "myaddin"',
        from_settings,
        run.strip(),
        from_settings,
        tail.strip(),
    ]
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in modules["xlwings"]
    assert "Public Function RunPython(" in modules["xlwings"]
    assert "Function XLPy()" in modules["xlwings"]


def test_nothing_from_xlwings_is_kept_in_the_repository() -> None:
    originals = [
        XLWINGS_DIR / "xlwings.bas",
        XLWINGS_DIR / "xlwings_custom_addin.bas",
        XLWINGS_DIR / "addin" / "Dictionary.cls",
    ]
    texts = [path.read_text(encoding="cp1252").replace("\r\n", "\n") for path in originals]
    # Long lines are distinctive; short ones ("End Function") are everyone's.
    telltales = {line.strip() for text in texts for line in text.splitlines()}
    telltales = {line for line in telltales if len(line) >= 60}
    assert len(telltales) > 100
    checked = 0
    for folder in ("vba", "wres_xl", "tests"):
        for path in (REPO / folder).rglob("*"):
            if not path.is_file() or path.suffix in (".pyc",) or path.stat().st_size > 2_000_000:
                continue
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8").replace("\r\n", "\n")
            except UnicodeDecodeError:
                assert b"Zoomer Analytics" not in raw, path
                continue
            assert text not in texts, path
            copied = [line for line in telltales if line in text]
            assert not copied, f"{path} holds xlwings code: {copied[:3]}"
            checked += 1
    assert checked >= 3


# ---------------------------------------------------------------------------
# LibreOffice, an independent reader of the package
# ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.libreoffice
def test_libreoffice_opens_the_addin(built: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required on CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    copy = tmp_path / "copy.xlam"
    shutil.copyfile(built, copy)
    out = tmp_path / "out"
    # LibreOffice does not recognise .xlam by its name, so the Excel 2007+ macro filter is
    # named for reading, and for writing too: "--convert-to xlsm" alone picks the plain
    # "Calc Office Open XML" filter, which writes no vbaProject.bin at all (why this test
    # used to find no macros).
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--infilter=Calc MS Excel 2007 VBA XML",
            "--convert-to",
            "xlsm:Calc MS Excel 2007 VBA XML",
            "--outdir",
            str(out),
            str(copy),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    converted = out / "copy.xlsm"
    assert converted.is_file(), result.stdout + result.stderr
    sheet = openpyxl.load_workbook(converted).worksheets[0]
    assert sheet.title == "About"
    assert sheet["A1"].value == "WRES add-in for Excel"
    # LibreOffice read our VBA modules into its own Basic and wrote a new project from them
    # (its writer's portable 7-byte _VBA_PROJECT shows it did not copy ours).
    parser = VBA_Parser(str(converted))
    try:
        code = {
            name.rsplit(".", 1)[0]: text.replace("\r\n", "\n")
            for _, _, name, text in parser.extract_macros()
        }
    finally:
        parser.close()
    with zipfile.ZipFile(converted) as archive:
        written = olefile.OleFileIO(archive.read("xl/vbaProject.bin"))
    assert written.openstream("VBA/_VBA_PROJECT").read() == PORTABLE
    assert set(code) >= {"WresRibbon", "WresFunctions", "xlwings", "ThisWorkbook"}
    assert "Sub WresRefresh(control As IRibbonControl)" in code["WresRibbon"]
    for function in addin_functions.worksheet_functions():
        assert f"Function {function.name}(" in code["WresFunctions"]
    assert "Private Sub Workbook_Open()" in code["ThisWorkbook"]
    assert RIBBON_PART in zipfile.ZipFile(converted).namelist()


# ---------------------------------------------------------------------------
# Install
# ---------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("APPDATA", "USERPROFILE", addin.STARTUP_ENV):
        monkeypatch.delenv(name, raising=False)
    # The xlwings on this Linux machine has no Windows DLL; these tests are about where the
    # install writes, so the DLL check only records what it was asked (it has tests below).
    checked: list[str] = []
    monkeypatch.setattr(addin, "check_xlwings_dll", lambda python, dlls: checked.append(python))
    monkeypatch.setattr(addin, "_dll_checks", checked, raising=False)
    return monkeypatch


def test_install_on_windows_puts_the_addin_in_xlstart_and_writes_settings(
    tmp_path: Path, built: Path, clean_env: pytest.MonkeyPatch
) -> None:
    python = r"C:\Users\nhs.analyst\wres\.venv\Scripts\python.exe"
    result = install_addin(system="Windows", home=tmp_path, interpreter=python)
    xlstart = tmp_path / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART"
    assert result.addin == xlstart / ADDIN_NAME
    assert result.addin.read_bytes() == built.read_bytes()
    assert result.settings == tmp_path / ".wres-xl" / "wres-xl.conf"
    assert not result.replaced
    raw = result.settings.read_bytes()
    assert raw.count(b"\r\n") == 4
    assert raw.endswith(b"\r\n")
    assert f'"INTERPRETER_WIN","{python}"'.encode() in raw
    assert read_settings(result.settings, system="Windows") == {
        "INTERPRETER_WIN": python,
        "INTERPRETER_MAC": python,
        "UDF MODULES": "wres_xl.udfs",
        "ADD_WORKBOOK_TO_PYTHONPATH": "False",
    }
    assert str(result.addin) in result.message()
    assert str(result.settings) in result.message()
    assert sorted(p.name for p in xlstart.iterdir()) == [ADDIN_NAME]
    assert addin._dll_checks == [python]  # type: ignore[attr-defined]

    again = install_addin(system="Windows", home=tmp_path, interpreter=python)
    assert again.replaced
    assert "Replaced the WRES add-in" in again.message()


def test_install_on_windows_follows_appdata_and_userprofile(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, built: Path
) -> None:
    clean_env.setenv("APPDATA", str(tmp_path / "roaming"))
    clean_env.setenv("USERPROFILE", str(tmp_path / "profile"))
    result = install_addin(built, system="Windows", interpreter=r"C:\Python311\python.exe")
    assert result.addin == tmp_path / "roaming" / "Microsoft" / "Excel" / "XLSTART" / ADDIN_NAME
    assert result.settings == tmp_path / "profile" / ".wres-xl" / "wres-xl.conf"
    assert result.interpreter == r"C:\Python311\python.exe"


def test_install_startup_folder_can_be_overridden(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, built: Path
) -> None:
    clean_env.setenv(addin.STARTUP_ENV, str(tmp_path / "alternate startup"))
    result = install_addin(built, system="Windows", home=tmp_path / "home", interpreter="py")
    assert result.addin == tmp_path / "alternate startup" / ADDIN_NAME
    assert result.addin.is_file()


def test_install_keeps_other_settings_and_replaces_its_own(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, built: Path
) -> None:
    conf = tmp_path / ".wres-xl" / "wres-xl.conf"
    conf.parent.mkdir()
    conf.write_bytes(b'"SHOW CONSOLE","True"\r\n"INTERPRETER_WIN","C:\\old\\python.exe"\r\n')
    install_addin(built, system="Windows", home=tmp_path, interpreter=r"C:\new\python.exe")
    settings = read_settings(conf, system="Windows")
    assert settings["SHOW CONSOLE"] == "True"
    assert settings["INTERPRETER_WIN"] == r"C:\new\python.exe"
    assert conf.read_bytes().count(b"INTERPRETER_WIN") == 1


def test_install_settings_use_the_windows_code_page(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, built: Path
) -> None:
    with pytest.raises(WresError, match="characters Excel cannot read"):
        install_addin(built, system="Windows", home=tmp_path, interpreter=r"C:\用户\python.exe")
    with pytest.raises(WresError, match="double quote"):
        install_addin(built, system="Windows", home=tmp_path, interpreter='C:\\a"b\\python.exe')
    # Refused before anything was written.
    assert list(tmp_path.iterdir()) == []
    python = r"C:\Users\josé\python.exe"
    result = install_addin(built, system="Windows", home=tmp_path, interpreter=python)
    assert python.encode("cp1252") in result.settings.read_bytes()


def test_install_on_a_mac_uses_the_excel_startup_folder_and_sandbox(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, built: Path
) -> None:
    import xlwings

    python = "/Users/analyst/wres/.venv/bin/python"
    result = install_addin(built, system="Darwin", home=tmp_path, interpreter=python)
    startup = (
        tmp_path
        / "Library"
        / "Group Containers"
        / "UBF8T346G9.Office"
        / "User Content.localized"
        / "Startup.localized"
        / "Excel"
    )
    assert result.addin == startup / ADDIN_NAME
    assert result.addin.read_bytes() == built.read_bytes()
    sandbox = tmp_path / "Library" / "Containers" / "com.microsoft.Excel" / "Data"
    assert result.settings == sandbox / "wres-xl.conf"
    assert read_settings(result.settings, system="Darwin")["INTERPRETER_MAC"] == python
    script_name = f"xlwings-{xlwings.__version__}.applescript"
    script = tmp_path / "Library" / "Application Scripts" / "com.microsoft.Excel" / script_name
    assert result.extra_files == (script,)
    assert script.read_bytes() == (XLWINGS_DIR / script_name).read_bytes()


def test_install_on_linux_explains_that_excel_is_not_there(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, built: Path
) -> None:
    with pytest.raises(WresError, match="Excel is not available on Linux") as caught:
        install_addin(built, system="Linux", home=tmp_path)
    assert str(built.resolve()) in str(caught.value)
    with pytest.raises(WresError, match="wres-xl addin build"):
        install_addin(system="Linux", home=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_install_refuses_an_addin_built_for_another_xlwings(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, built: Path
) -> None:
    old = tmp_path / ADDIN_NAME
    shutil.copyfile(built, old)
    with ExcelFile(old) as book:
        source = book.get_module("xlwings")
        book.set_module(
            "xlwings",
            re.sub(
                r'XLWINGS_VERSION As String = "[^"]+"',
                'XLWINGS_VERSION As String = "0.1.0"',
                source,
            ),
        )
        book.save()
    with pytest.raises(WresError, match=r"built with xlwings 0\.1\.0"):
        install_addin(old, system="Windows", home=tmp_path / "home", interpreter="python")
    assert not (tmp_path / "home").exists()


def test_install_reports_missing_and_foreign_files(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    with pytest.raises(FileNotFoundError, match="There is no add-in file"):
        install_addin(tmp_path / "nowhere.xlam", system="Windows", home=tmp_path)
    book = openpyxl.Workbook()
    book.save(tmp_path / "plain.xlsx")
    with pytest.raises(WresFileError, match="not a WRES add-in"):
        install_addin(tmp_path / "plain.xlsx", system="Windows", home=tmp_path)


def test_install_result_message_is_plain_english(tmp_path: Path) -> None:
    result = InstallResult(
        addin=tmp_path / ADDIN_NAME,
        settings=tmp_path / "wres-xl.conf",
        interpreter="python",
        replaced=False,
    )
    text = result.message()
    assert text.startswith("Installed the WRES add-in: ")
    assert "Close and reopen Excel" in text
    assert "Traceback" not in text


# ---------------------------------------------------------------------------
# The xlwings DLL must be where the add-in's VBA looks for it
# ---------------------------------------------------------------------------


def test_dll_check_accepts_a_virtual_environment_and_a_plain_install() -> None:
    venv = r"C:\Users\analyst\wres\Scripts\python.exe"
    addin.check_xlwings_dll(venv, [PureWindowsPath(r"C:\Users\analyst\WRES\xlwings64-0.37.8.dll")])
    plain = r"C:\Program Files\Python311\python.exe"
    addin.check_xlwings_dll(
        plain, [PureWindowsPath(r"C:\Program Files\Python311\xlwings64-0.37.8.dll")]
    )


@pytest.mark.parametrize(
    ("python", "dll"),
    [
        # pip install --user: the DLL goes to the user's data folder.
        (
            r"C:\Program Files\Python311\python.exe",
            r"C:\Users\analyst\AppData\Roaming\Python\Python311\xlwings64-0.37.8.dll",
        ),
        # Microsoft Store Python: the interpreter is an alias in WindowsApps.
        (
            r"C:\Users\analyst\AppData\Local\Microsoft\WindowsApps\python.exe",
            r"C:\Users\analyst\AppData\Local\Packages\PythonSoftwareFoundation.Python.3.11"
            r"\LocalCache\local-packages\xlwings64-0.37.8.dll",
        ),
        # conda puts data files under Library.
        (r"C:\conda\envs\wres\python.exe", r"C:\conda\envs\wres\Library\bin\xlwings64-0.37.8.dll"),
    ],
)
def test_dll_check_refuses_an_install_excel_could_not_start(python: str, dll: str) -> None:
    with pytest.raises(WresError) as caught:
        addin.check_xlwings_dll(python, [PureWindowsPath(dll)])
    message = str(caught.value)
    assert str(PureWindowsPath(dll).parent) in message
    assert str(PureWindowsPath(python).parent) in message
    assert "Could not load xlwings" in message
    assert "Nothing was installed" in message
    assert "py -m venv" in message
    assert "addin install" in message


def test_install_on_windows_refuses_before_writing_when_the_dll_is_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: Path
) -> None:
    for name in ("APPDATA", "USERPROFILE", addin.STARTUP_ENV):
        monkeypatch.delenv(name, raising=False)
    # This Linux Python's own xlwings, as importlib.metadata records it: no Windows DLL.
    assert addin.xlwings_dll_files() == []
    with pytest.raises(WresError, match="has no xlwings64 DLL"):
        install_addin(built, system="Windows", home=tmp_path, interpreter=r"C:\py\python.exe")
    assert list(tmp_path.iterdir()) == []
    # A Mac has no DLL to find.
    install_addin(built, system="Darwin", home=tmp_path, interpreter="/usr/bin/python3")


def test_dll_files_are_found_from_the_package_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    class Recorded:
        def __init__(self, name: str) -> None:
            self.name = name.rsplit("/", 1)[-1]
            self._path = tmp_path / name

        def locate(self) -> Path:
            return self._path

    record = [
        Recorded("xlwings/__init__.py"),
        Recorded("xlwings64-0.37.8.dll"),
        Recorded("xlwings32-0.37.8.dll"),
    ]
    monkeypatch.setattr(metadata, "files", lambda name: record if name == "xlwings" else None)
    found = addin.xlwings_dll_files()
    assert [p.name for p in found] == ["xlwings64-0.37.8.dll", "xlwings32-0.37.8.dll"]
    assert found[0].parent == PureWindowsPath(str(tmp_path.resolve()))


# ---------------------------------------------------------------------------
# One source: wrappers, descriptions and the README table all from wres_xl.udfs
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xlwings_on_windows() -> dict[str, typing.Any]:
    """What xlwings itself generates and records for wres_xl.udfs, as on Windows."""
    result = subprocess.run(
        [sys.executable, str(REPO / "tests" / "support" / "xlwings_as_on_windows.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=240,
    )
    data: dict[str, typing.Any] = json.loads(result.stdout)
    return data


def _blocks(vba: str) -> dict[str, str]:
    found = re.findall(r"^(Function (\w+)\(.*?^End Function\n)", vba, re.M | re.S)
    return {name: block for block, name in found}


def test_wrappers_are_what_xlwings_generates_with_our_three_changes(
    modules: dict[str, str], xlwings_on_windows: dict[str, typing.Any]
) -> None:
    theirs = _blocks(xlwings_on_windows["vba"])
    ours = _blocks(modules["WresFunctions"])
    assert set(ours) == set(theirs)
    assert len(ours) >= len(SPEC_FUNCTIONS)
    for name, block in theirs.items():
        signature, rest = block.split("\n", 1)
        expected = (
            f"{signature}\n"
            "    #If Mac Then\n"
            f"        {name} = WRES_ON_MAC\n"
            "        Exit Function\n"
            "    #End If\n"
            + rest.replace("Is Range Then", "Is Excel.Range Then").replace(
                f"{name} = Err.Description", f"{name} = WresCellError(Err.Number, Err.Description)"
            )
        )
        assert ours[name] == expected, name


def test_help_texts_are_the_ones_xlwings_records(
    xlwings_on_windows: dict[str, typing.Any],
) -> None:
    recorded = xlwings_on_windows["functions"]
    generated = {f.name: f for f in addin_functions.worksheet_functions()}
    assert set(recorded) == set(generated)
    for name, info in recorded.items():
        ours = generated[name]
        first_paragraph = " ".join(inspect.cleandoc(info["doc"]).split("\n\n")[0].split())
        assert ours.description == first_paragraph, name
        assert [(a["name"], a["optional"]) for a in info["args"]] == [
            (a.name, a.optional) for a in ours.arguments
        ]
        for arg, mine in zip(info["args"], ours.arguments, strict=True):
            # xlwings' placeholder for an undocumented argument is no help to an analyst.
            assert not arg["doc"].startswith("Positional argument"), f"{name}: {arg['name']}"
            assert mine.doc == " ".join(arg["doc"].split()), f"{name}: {arg['name']}"


def _vba_text(expression: str) -> str:
    """The value of a VBA string expression of literals and ChrW(n) joined by &."""
    out = ""
    for literal, code in re.findall(r'"((?:[^"]|"")*)"|ChrW\((\d+)\)', expression):
        out += chr(int(code)) if code else literal.replace('""', '"')
    return out


def test_every_function_is_described_when_the_addin_opens(modules: dict[str, str]) -> None:
    code = modules["ThisWorkbook"]
    assert re.search(r"^Private Sub Workbook_Open\(\)\n(.*?)^End Sub", code, re.M | re.S)
    assert 'Private Const WRES_CATEGORY As String = "WRES"' in code
    assert "Category:=WRES_CATEGORY, ArgumentDescriptions:=arguments" in code
    calls = re.findall(
        r"^    WresDescribe (.*?), _\n        (.*?), _\n        Array\((.*?)\)$",
        code,
        re.M | re.S,
    )
    described = {
        _vba_text(name): (_vba_text(text), [_vba_text(a) for a in args.split(", _\n")])
        for name, text, args in calls
    }
    functions = addin_functions.worksheet_functions()
    assert set(described) == {f.name for f in functions}
    for f in functions:
        description, arguments = described[f.name]
        assert description == f.description
        assert 0 < len(description) <= 255
        assert arguments == [a.doc for a in f.arguments]
        assert all(0 < len(text) <= 255 for text in arguments)
    # Non-ASCII help (an en dash, a multiplication sign) survives as ChrW, not as "?".
    assert any("–" in d or "×" in d for d, _ in described.values())


def test_help_is_cut_to_excels_255_characters() -> None:
    long = "Word " * 80
    source = (
        "import xlwings as xw\n@xw.func\n"
        f'@xw.arg("a", doc="{long}")\n'
        f'def WRES_X(a, b=None):\n    """{"A sentence. " * 30}\n\n    More."""\n'
    )
    (function,) = addin_functions.worksheet_functions(source)
    assert len(function.description) <= 255
    assert function.description.endswith(".")
    assert len(function.arguments[0].doc) <= 255
    assert function.arguments[0].doc.endswith("...")
    assert function.arguments[1] == addin_functions.Argument("b", True, "")
    assert function.signature() == "WRES_X(a, [b])"
    with pytest.raises(WresError, match="no docstring"):
        addin_functions.worksheet_functions("import xlwings as xw\n@xw.func\ndef F(a): pass\n")
    with pytest.raises(WresError, match="positional"):
        addin_functions.worksheet_functions(
            'import xlwings as xw\n@xw.func\ndef F(*a):\n    "Doc."\n'
        )


def test_readme_function_table_is_generated_from_the_udfs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    functions = addin_functions.worksheet_functions()
    assert addin_functions.updated_readme(readme, functions) == readme, (
        "regenerate it: python -m wres_xl.commands.addin.functions README.md"
    )
    table = readme.split(addin_functions.README_START)[1].split(addin_functions.README_END)[0]
    for f in functions:
        assert f"`{f.signature()}`" in table


# ---------------------------------------------------------------------------
# The working folder never reaches sys.path (the UDF server's and RunPython's command lines)
# ---------------------------------------------------------------------------


def _vba_line(module: str, starts: str) -> str:
    (line,) = [line.strip() for line in module.splitlines() if line.strip().startswith(starts)]
    return line


def _evaluate(expression: str, variables: dict[str, str]) -> str:
    """A VBA expression of string literals and variables joined by &, evaluated."""
    out = ""
    for literal, name in re.findall(r'"((?:[^"]|"")*)"|(\w+)', expression):
        out += literal.replace('""', '"') if name == "" else variables[name]
    return out


def _python_args(command_line: str) -> list[str]:
    """The arguments after the interpreter, as the C runtime splits them (for these lines,
    as a POSIX shell does: \\" inside double quotes is a quote)."""
    return shlex.split(command_line)


def _hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "Trust WRES data"
    (folder / "wres_xl").mkdir(parents=True)
    marker = tmp_path / "hostile-was-imported"
    code = f"open({str(marker)!r}, 'w').close()\n"
    (folder / "wres_xl" / "__init__.py").write_text(code)
    (folder / "numpy.py").write_text(code)
    (folder / "csv.py").write_text(code)
    return folder


def _run_python(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # Nor a thread limit an earlier test's wres-xl command set in this process.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTHON") and k != "OPENBLAS_NUM_THREADS"
    }
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _commands(module: str) -> dict[str, list[str]]:
    """The UDF server's and RunPython's python arguments, as the module builds them."""
    guard_line = [line for line in module.splitlines() if "WRES_PATH_GUARD As String" in line]
    guard = _vba_text(guard_line[0].split("=", 1)[1]) if guard_line else ""
    probe = "import wres_xl.udfs, csv; print(wres_xl.udfs.__file__)"
    # What the VBA puts together: AddExcelDir, the two workbooks, three OneDrive settings,
    # and an empty PYTHONPATH setting.
    pythonpath = "false;/data/Trust WRES.xlsx;/addin/WRES.xlam;;;;"
    if "AddExcelDir = GetConfig" in module:
        pythonpath = "true" + pythonpath[len("false") :]
    tail = _vba_line(module, "tail = ").split("=", 1)[1]
    udf = _evaluate(
        tail, {"LicenseKeyEnvString": "", "PYTHONPATH": pythonpath, "WRES_PATH_GUARD": guard}
    )
    udf = udf.replace("import xlwings; xlwings.serve('$(CLSID)')", probe)
    run = _vba_line(module, "RunCommand = CondaCmd").split("=", 1)[1]
    command = (guard if "WRES_PATH_GUARD & PythonCommand" in module else "") + probe
    runpython = _evaluate(
        run,
        {
            "CondaCmd": "",
            "PythonInterpreter": "",
            "PYTHONPATH": pythonpath,
            "PythonCommand": command,
        },
    )
    return {"udf server": _python_args(udf), "RunPython": _python_args(runpython)}


@pytest.mark.slow
def test_a_stray_module_in_the_working_folder_is_never_imported(
    tmp_path: Path, modules: dict[str, str]
) -> None:
    folder = _hostile_folder(tmp_path)
    marker = tmp_path / "hostile-was-imported"
    commands = _commands(modules["xlwings"])
    for what, args in commands.items():
        assert args[:3] == ["-B", "-P", "-c"], what
        result = _run_python(args, folder)
        assert result.returncode == 0, f"{what}: {result.stderr}"
        assert not marker.exists(), f"{what} imported a file from the working folder"
        assert Path(result.stdout.strip()).resolve() == (REPO / "wres_xl" / "udfs.py").resolve()


def test_xlwings_unchanged_would_import_the_stray_module(tmp_path: Path) -> None:
    # The same command lines from the module as xlwings ships it: the hostile package wins.
    folder = _hostile_folder(tmp_path)
    marker = tmp_path / "hostile-was-imported"
    installed = (XLWINGS_DIR / "xlwings_custom_addin.bas").read_text(encoding="cp1252")
    for what, args in _commands(installed).items():
        marker.unlink(missing_ok=True)
        _run_python(args, folder)
        assert marker.exists(), what


def test_importing_wres_xl_changes_no_process_wide_setting(tmp_path: Path) -> None:
    code = (
        "import os, threadpoolctl, numpy\n"
        "threadpoolctl.threadpool_limits(2, user_api='blas')  # what a host chose\n"
        "info = threadpoolctl.threadpool_info\n"
        "threads = lambda: {i['filepath']: i['num_threads'] for i in info()}\n"
        "before = threads()\n"
        "assert max(before.values()) > 1, 'the host set two threads'\n"
        "import wres_xl, wres_xl.udfs, wres_xl.commands.addin.build, wres_xl.excel, wres_xl.cli\n"
        "assert 'OPENBLAS_NUM_THREADS' not in os.environ\n"
        "assert {k: v for k, v in threads().items() if k in before} == before\n"
        "wres_xl.limit_blas_threads()\n"
        "assert os.environ['OPENBLAS_NUM_THREADS'] == '1'\n"
        "assert all(i['num_threads'] == 1 for i in threadpoolctl.threadpool_info()"
        " if i['user_api'] == 'blas')\n"
    )
    result = _run_python(["-c", code], REPO)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------
# The ribbon, against the structure of the customUI14 schema (the parts it uses)
# ---------------------------------------------------------------------------

#: What the customUI 2009/07 schema allows where, for the elements a ribbon tab uses. Any
#: element or attribute outside these fails the check: extend the table from the schema
#: when the ribbon grows.
_CONTROL_ATTRIBUTES = {
    "id",
    "idMso",
    "idQ",
    "tag",
    "label",
    "getLabel",
    "imageMso",
    "image",
    "getImage",
    "size",
    "getSize",
    "onAction",
    "enabled",
    "getEnabled",
    "visible",
    "getVisible",
    "screentip",
    "getScreentip",
    "supertip",
    "getSupertip",
    "keytip",
    "getKeytip",
    "showLabel",
    "getShowLabel",
    "showImage",
    "getShowImage",
    "insertAfterMso",
    "insertBeforeMso",
    "insertAfterQ",
    "insertBeforeQ",
}
UI_SCHEMA: dict[str, tuple[set[str], set[str]]] = {
    "customUI": ({"onLoad", "loadImage"}, {"commands", "ribbon", "backstage", "contextMenus"}),
    "ribbon": ({"startFromScratch"}, {"qat", "tabs", "contextualTabs"}),
    "tabs": (set(), {"tab"}),
    "tab": (
        {
            "id",
            "idMso",
            "idQ",
            "tag",
            "label",
            "getLabel",
            "keytip",
            "getKeytip",
            "visible",
            "getVisible",
            "insertAfterMso",
            "insertBeforeMso",
            "insertAfterQ",
            "insertBeforeQ",
        },
        {"group"},
    ),
    "group": (
        {
            "id",
            "idMso",
            "idQ",
            "tag",
            "label",
            "getLabel",
            "image",
            "imageMso",
            "getImage",
            "screentip",
            "getScreentip",
            "supertip",
            "getSupertip",
            "keytip",
            "getKeytip",
            "visible",
            "getVisible",
            "autoScale",
            "centerVertically",
            "insertAfterMso",
            "insertBeforeMso",
            "insertAfterQ",
            "insertBeforeQ",
        },
        {
            "button",
            "toggleButton",
            "checkBox",
            "separator",
            "labelControl",
            "box",
            "buttonGroup",
            "menu",
            "splitButton",
            "dialogBoxLauncher",
        },
    ),
    "button": (_CONTROL_ATTRIBUTES, set()),
    "separator": (
        {"id", "idQ", "tag", "visible", "getVisible", "insertAfterMso", "insertBeforeMso"},
        set(),
    ),
}
#: The VBA signature each callback attribute needs (after the Sub's name).
CALLBACK_SIGNATURES = {
    "onAction": r"\(\s*control\s+As\s+IRibbonControl\s*\)",
    "onLoad": r"\(\s*ribbon\s+As\s+IRibbonUI\s*\)",
    "get*": r"\(\s*control\s+As\s+IRibbonControl\s*,\s*ByRef\s+returnedVal\s*\)",
}
_NCNAME = re.compile(r"[A-Za-z_][\w.-]*")


# Complexity above 15 (C901): one check per customUI14 rule Office enforces, each with its
# message.
def ribbon_problems(xml: bytes, vba: dict[str, str], icons: set[str]) -> list[str]:  # noqa: C901
    """Everything in ``xml`` that the customUI14 schema or Office would reject."""
    problems: list[str] = []
    root = ElementTree.fromstring(xml)
    if root.tag != f"{UI_NS}customUI":
        return [f"the root is {root.tag}, not customUI in the 2009/07 namespace"]
    ids: list[str] = []
    for parent in root.iter():
        name = parent.tag.removeprefix(UI_NS)
        if name not in UI_SCHEMA:
            problems.append(f"<{name}> is not a ribbon element this check knows")
            continue
        attributes, children = UI_SCHEMA[name]
        for child in parent:
            if not child.tag.startswith(UI_NS):
                problems.append(f"<{child.tag}> inside <{name}> is outside the customUI namespace")
            elif child.tag.removeprefix(UI_NS) not in children:
                problems.append(f"<{child.tag.removeprefix(UI_NS)}> may not be inside <{name}>")
        for attribute, value in parent.attrib.items():
            if attribute not in attributes:
                problems.append(f"<{name}> has no attribute {attribute}")
            elif not 1 <= len(value) <= 1024:
                problems.append(f"<{name} {attribute}> must be 1 to 1024 characters")
        given = [a for a in ("id", "idMso", "idQ") if a in parent.attrib]
        if name in ("tab", "group", "button") and len(given) != 1:
            problems.append(f"<{name}> needs exactly one of id, idMso, idQ (has {given})")
        if "id" in parent.attrib:
            ids.append(parent.attrib["id"])
            if not _NCNAME.fullmatch(parent.attrib["id"]):
                problems.append(f"id {parent.attrib['id']!r} is not an XML name")
        if "keytip" in parent.attrib and not 1 <= len(parent.attrib["keytip"]) <= 3:
            problems.append(f"keytip {parent.attrib['keytip']!r} must be 1 to 3 characters")
        if parent.attrib.get("size", "normal") not in ("normal", "large"):
            problems.append(f"size {parent.attrib['size']!r} must be normal or large")
        problems.extend(
            f"{attribute} must be true or false"
            for attribute in ("visible", "enabled", "showLabel", "showImage", "startFromScratch")
            if parent.attrib.get(attribute, "true") not in ("true", "false", "1", "0")
        )
        if "imageMso" in parent.attrib and parent.attrib["imageMso"] not in icons:
            problems.append(f"imageMso {parent.attrib['imageMso']!r} is not an Office icon name")
        for attribute, callback in parent.attrib.items():
            kind = "get*" if attribute.startswith("get") else attribute
            if kind not in CALLBACK_SIGNATURES and attribute != "loadImage":
                continue
            signature = CALLBACK_SIGNATURES.get(kind, r"\(.*?\)")
            pattern = rf"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+{re.escape(callback)}[ \t]*{signature}"
            if not any(re.search(pattern, code, re.M | re.I) for code in vba.values()):
                problems.append(f"{attribute}={callback!r} has no VBA Sub {callback}{signature}")
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"ids used twice: {duplicates}")
    return problems


def _icons() -> set[str]:
    lines = (REPO / "tests" / "data" / "office_imagemso_names.txt").read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_ribbon_follows_the_customui14_structure(built: Path, modules: dict[str, str]) -> None:
    xml = _parts(built)[RIBBON_PART]
    assert ribbon_problems(xml, modules, _icons()) == []
    # Every button does something.
    assert all(button.get("onAction") for button in _ribbon_buttons(built))


def test_ribbon_check_finds_what_office_would_reject(modules: dict[str, str]) -> None:
    source = (REPO / "vba" / "customUI14.xml").read_text(encoding="utf-8")
    broken = {
        "a duplicated id": source.replace('id="WresCheckButton"', 'id="WresRefreshButton"'),
        "an unknown icon": source.replace('imageMso="RefreshAll"', 'imageMso="RefreshEverything"'),
        "a missing callback": source.replace('onAction="WresCheck"', 'onAction="WresChecks"'),
        "a misplaced control": source.replace("<tabs>", "<tabs><button id='x' label='x'/>"),
        "an unknown attribute": source.replace('size="large"', 'size="large" colour="red"', 1),
        "a long keytip": source.replace('keytip="R"', 'keytip="REFR"'),
        "a bad size": source.replace('size="large"', 'size="huge"', 1),
    }
    for what, xml in broken.items():
        assert ribbon_problems(xml.encode(), modules, _icons()), what
    # A callback with the wrong signature is found too.
    wrong = dict(modules)
    wrong["WresRibbon"] = modules["WresRibbon"].replace(
        "Sub WresCheck(control As IRibbonControl)", "Sub WresCheck()"
    )
    assert ribbon_problems(source.encode(), wrong, _icons()) == [
        "onAction='WresCheck' has no VBA Sub WresCheck" + CALLBACK_SIGNATURES["onAction"]
    ]


# ---------------------------------------------------------------------------
# Every VBA module parses as each Excel compiles it (pyOpenVBA's parser)
# ---------------------------------------------------------------------------

#: The conditional compilation constants each Excel defines. Win32 means "the Windows API",
#: so it is true in 64-bit Office too; xlwings also tests MAC_OFFICE_VERSION.
PLATFORMS: dict[str, dict[str, object]] = {
    "Win64": {"VBA7": True, "Win32": True, "Win64": True, "Mac": False},
    "Win32": {"VBA7": True, "Win32": True, "Win64": False, "Mac": False},
    "Mac": {"VBA7": True, "Win32": False, "Win64": False, "Mac": True, "MAC_OFFICE_VERSION": 16},
}


_PROCEDURE = re.compile(
    r"[ \t]*(?:(?:Public|Private|Friend)[ \t]+)?(?:Static[ \t]+)?"
    r"(Sub|Function|Property[ \t]+(?:Get|Let|Set))[ \t]+\w+",
    re.I,
)


def parse_vba(source: str, name: str, kind: str, constants: dict[str, object]) -> None:
    """Raise ``VBACompileError`` unless ``source`` parses with these constants."""
    from pyopenvba.exceptions import VBACompileError
    from pyopenvba.interpreter._lex import tokenize
    from pyopenvba.interpreter._parse import Parser
    from pyopenvba.interpreter._preprocess import strip_directives

    # pyOpenVBA's preprocessor does not read a comment after a directive (xlwings writes
    # '#Const App = "Microsoft Excel" 'Adjust ...'), which VBA allows: drop those comments.
    source = re.sub(r"""^([ \t]*#(?:[^'"\r\n]|"[^"\r\n]*")*)'.*$""", r"\1", source, flags=re.M)
    prepared = strip_directives(source, module=name, constants=constants)
    Parser(tokenize(prepared, module=name), module=name, kind=kind).parse_module(source)
    # pyOpenVBA accepts a procedure opened inside another; VBA does not.
    inside = ""
    for number, line in enumerate(prepared.splitlines(), start=1):
        opened = _PROCEDURE.match(line)
        if opened:
            if inside:
                raise VBACompileError(f"{name} line {number}: {opened[1]} inside {inside}")
            inside = opened[1]
        elif re.match(r"[ \t]*End[ \t]+(Sub|Function|Property)\b", line, re.I):
            inside = ""


@pytest.fixture(scope="module")
def module_kinds(built: Path) -> dict[str, str]:
    with ExcelFile(built) as book:
        return {
            m.name: "standard" if m.kind.name == "standard" else "class"
            for m in book.vba_project().modules
        }


@pytest.mark.parametrize("platform_name", list(PLATFORMS))
def test_every_module_parses_as_each_excel_compiles_it(
    built: Path, module_kinds: dict[str, str], platform_name: str
) -> None:
    with ExcelFile(built) as book:
        sources = book.vba_modules()
    assert set(sources) == set(module_kinds)
    for name, source in sources.items():
        parse_vba(source, name, module_kinds[name], PLATFORMS[platform_name])


def test_a_broken_module_fails_the_parse_check(modules: dict[str, str]) -> None:
    from pyopenvba.exceptions import VBACompileError

    good = modules["WresFunctions"]
    for platform_constants in PLATFORMS.values():
        parse_vba(good, "WresFunctions", "standard", platform_constants)
    broken = {
        "no End Function": good.replace("End Function\n", "\n", 1),
        "a stray quote": good.replace("Exit Function\n", 'Exit Function"\n', 3),
        "an unclosed #If": good.replace("    #End If\n", "\n", 1),
    }
    for what, source in broken.items():
        for constants in PLATFORMS.values():
            with pytest.raises(VBACompileError):
                parse_vba(source, "WresFunctions", "standard", constants)
            assert what
    # A mistake only the Mac branch compiles is caught only when parsing as a Mac.
    mac_only = good.replace(
        "        Exit Function\n    #End If\n", "        Exit Function )\n    #End If\n", 1
    )
    parse_vba(mac_only, "WresFunctions", "standard", PLATFORMS["Win64"])
    with pytest.raises(VBACompileError):
        parse_vba(mac_only, "WresFunctions", "standard", PLATFORMS["Mac"])


# ---------------------------------------------------------------------------
# An OOXML validator (openxml-audit) on every file wres-xl writes
# ---------------------------------------------------------------------------


def _audit_errors(path: Path, *, strict: bool) -> list[str]:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator(strict=strict).validate(path)
    return [str(e) for e in result.errors if e.severity.name in ("ERROR", "FATAL")]


@pytest.mark.slow
def test_the_addin_passes_openxml_audit(built: Path) -> None:
    assert _audit_errors(built, strict=True) == []


@pytest.fixture(scope="module")
def written_workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from wres_xl import cli

    folder = tmp_path_factory.mktemp("audit")
    files = {
        "template": folder / "template.xlsx",
        "refreshed": folder / "refreshed.xlsx",
        "published": folder / "published.xlsx",
    }
    assert cli.main(["--quiet", "new", str(files["template"]), "--year", "2025"]) == 0
    assert cli.main(["--quiet", "demo", str(files["refreshed"])]) == 0
    assert cli.main(["--quiet", "publish", str(files["refreshed"]), str(files["published"])]) == 0
    return files


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["template", "refreshed", "published"])
def test_workbooks_pass_openxml_audit(written_workbooks: dict[str, Path], kind: str) -> None:
    path = written_workbooks[kind]
    # Strict is openxml-audit's default (Open XML SDK parity); wres_xl.workbook writes fonts
    # in the SDK's element order so styles.xml passes it.
    assert _audit_errors(path, strict=True) == []
