"""Build and install ``WRES.xlam``, the Excel add-in (SPEC §6 and §7, ``wres-xl addin``).

The add-in is assembled on any platform from three sources:

- our VBA and ribbon XML, kept as text in ``vba/``;
- the xlwings runtime VBA module and its Mac ``Dictionary`` class, taken from the
  *installed* xlwings package, so the add-in always matches the xlwings version Python
  will use (the module loads a DLL whose name carries the version) and nothing of
  xlwings is kept in this repository;
- an empty add-in package and VBA project as Excel writes them, from pyOpenVBA,
  which also writes the modules into ``vbaProject.bin``.

The xlwings module is the one xlwings ships for custom add-ins (it works on the active
workbook, not on the add-in); its project name is set to ``wres-xl`` so the add-in reads
its settings from ``wres-xl.conf`` files and never from, or into, the settings of other
xlwings tools on the same PC.
"""

from __future__ import annotations

import codecs
import io
import os
import platform
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from xml.sax.saxutils import escape

from wres_xl import __version__
from wres_xl.commands.addin import functions as addin_functions
from wres_xl.errors import WresError, WresFileError, WresFileNotFoundError
from wres_xl.workbook.atomic import make_folder, write_atomically

ADDIN_NAME = "WRES.xlam"
#: xlwings' PROJECT_NAME in the add-in: names the settings files and settings sheet it reads.
PROJECT_NAME = "wres-xl"
UDF_MODULE = addin_functions.UDF_MODULE
REFRESH_COMMAND = "import wres_xl.excel; wres_xl.excel.refresh_caller()"
CHECK_COMMAND = "import wres_xl.excel; wres_xl.excel.check_caller()"

ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
RIBBON_PART = "customUI/customUI14.xml"
RIBBON_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"

#: Our VBA modules, in the order they appear in the VBA editor.
VBA_MODULES = ("WresRibbon", "WresFunctions")
#: The code of the add-in's ThisWorkbook module (describes the functions when it opens).
THIS_WORKBOOK_SOURCE = "ThisWorkbook.bas"
RIBBON_SOURCE = "customUI14.xml"
#: The portable ``_VBA_PROJECT`` stream ([MS-OVBA] 2.3.4.1): Reserved1 0x61CC, Version
#: 0xFFFF, Reserved2 0x00, Reserved3 0x0000 and no PerformanceCache, so every Excel
#: compiles the project from its source instead of trusting compiled code.
PORTABLE_VBA_PROJECT = bytes.fromhex("CC61FFFF000000")
#: The dir stream's terminator ([MS-OVBA] 2.3.4.2): Id 0x0010, Reserved 0x00000000.
DIR_TERMINATOR = bytes.fromhex("100000000000")

#: Where Excel opens workbooks and add-ins from at start-up, below the user's home.
WINDOWS_STARTUP = Path("AppData", "Roaming", "Microsoft", "Excel", "XLSTART")
MAC_STARTUP = Path(
    "Library",
    "Group Containers",
    "UBF8T346G9.Office",
    "User Content.localized",
    "Startup.localized",
    "Excel",
)
#: Excel for Mac is sandboxed: VBA's home folder is this container, not the user's home.
MAC_EXCEL_HOME = Path("Library", "Containers", "com.microsoft.Excel", "Data")
MAC_SCRIPTS = Path("Library", "Application Scripts", "com.microsoft.Excel")
#: Overrides the folder Excel loads add-ins from (IT departments with another start-up folder).
STARTUP_ENV = "WRES_XL_EXCEL_STARTUP"

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_XLWINGS_VERSION_LINE = re.compile(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"', re.M)


@dataclass(frozen=True)
class InstallResult:
    """What ``install_addin`` did, for the command line to report."""

    addin: Path
    settings: Path
    interpreter: str
    replaced: bool
    #: Further files written (on a Mac, the script that lets Excel start Python).
    extra_files: tuple[Path, ...] = field(default=())

    def message(self) -> str:
        """Plain-English summary, one line each, for the person who ran the install."""
        verb = "Replaced" if self.replaced else "Installed"
        lines = [
            f"{verb} the WRES add-in: {self.addin}",
            f"Settings for the add-in written to: {self.settings}",
            f"Excel will run Python from: {self.interpreter}",
            *(f"Also written: {path}" for path in self.extra_files),
            "Close and reopen Excel: the WRES tab appears on the ribbon, and the WRES_ "
            "worksheet functions work in any workbook.",
        ]
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------


def build_addin(directory: Path | None = None, *, force: bool = False) -> Path:
    """Write ``WRES.xlam`` into ``directory`` (default: the current folder) and return its path.

    The file is written next to its destination and moved into place only when complete,
    so a failed build never leaves a damaged add-in behind. An existing ``WRES.xlam`` is
    replaced only with ``force`` or a yes at the prompt (``wres_xl.workbook.outputs``).
    """
    from wres_xl.workbook.outputs import OutputPlan

    folder = Path.cwd() if directory is None else Path(directory)
    target = folder / ADDIN_NAME
    plan = OutputPlan(force=force)
    plan.add(target, "the add-in", suffixes=(".xlam",), make_folder=True)
    plan.validate()
    data = _addin_bytes()
    return plan.write_bytes(target, data)


def _addin_bytes() -> bytes:
    """The complete ``WRES.xlam`` package."""
    sources = _vba_sources()
    ribbon = sources.pop(RIBBON_SOURCE)
    xlwings_module, dictionary_class, xlwings_version = xlwings_runtime()
    with tempfile.TemporaryDirectory(prefix="wres-addin-") as scratch:
        draft = Path(scratch, ADDIN_NAME)
        _write_vba_project(
            draft,
            [
                ("xlwings", xlwings_module, False),
                ("Dictionary", dictionary_class, True),
                *((name, sources[f"{name}.bas"], False) for name in VBA_MODULES),
            ],
            this_workbook=sources[THIS_WORKBOOK_SOURCE],
        )
        parts = _read_parts(draft.read_bytes())
    parts["xl/vbaProject.bin"] = _portable_vba_project(parts["xl/vbaProject.bin"])
    parts = _finish_package(parts, ribbon, xlwings_version)
    return _zip_parts(parts)


def _vba_sources() -> dict[str, str]:
    """Our VBA modules, ThisWorkbook's code and the ribbon XML, by file name, as text with
    CRLF line ends; the worksheet function wrappers and descriptions generated into them
    from ``wres_xl.udfs``."""
    folder = _vba_directory()
    names = [f"{name}.bas" for name in VBA_MODULES] + [THIS_WORKBOOK_SOURCE, RIBBON_SOURCE]
    sources: dict[str, str] = {}
    for name in names:
        path = folder / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise WresFileNotFoundError(
                f"The add-in source file {path} is missing. Reinstall wres-xl and try again."
            ) from exc
        sources[name] = _lf(text)
    functions = addin_functions.worksheet_functions()
    sources["WresFunctions.bas"] = addin_functions.fill_template(
        sources["WresFunctions.bas"],
        addin_functions.WRAPPERS_SLOT,
        addin_functions.vba_wrappers(functions),
    )
    sources[THIS_WORKBOOK_SOURCE] = addin_functions.fill_template(
        sources[THIS_WORKBOOK_SOURCE],
        addin_functions.DESCRIPTIONS_SLOT,
        addin_functions.vba_descriptions(functions),
    )
    return {name: _crlf(text) for name, text in sources.items()}


def _vba_directory() -> Path:
    """The folder holding our VBA sources: inside the package when installed, else the checkout."""
    package = Path(__file__).resolve().parents[2]  # wres_xl/commands/addin/build.py -> wres_xl
    candidates = (package / "vba", package.parent / "vba")
    for folder in candidates:
        if (folder / RIBBON_SOURCE).is_file():
            return folder
    looked = " and ".join(str(folder) for folder in candidates)
    raise WresFileNotFoundError(
        f"The add-in's VBA sources were not found (looked in {looked}). "
        "Reinstall wres-xl and try again."
    )


def xlwings_runtime() -> tuple[str, str, str]:
    """The installed xlwings' add-in VBA module (set up for WRES), its Dictionary class, version."""
    folder = xlwings_package_dir()
    module_path = folder / "xlwings_custom_addin.bas"
    dictionary_path = folder / "addin" / "Dictionary.cls"
    try:
        module = module_path.read_text(encoding="cp1252")
        dictionary = dictionary_path.read_text(encoding="cp1252")
    except FileNotFoundError as exc:
        raise WresFileNotFoundError(
            f"The installed xlwings package has no {Path(exc.filename).name}, which the add-in "
            "needs. Install a supported xlwings version (pip install --upgrade xlwings) and "
            "build the add-in again."
        ) from exc
    module = _patched_xlwings_module(_lf(module), module_path)
    version = _XLWINGS_VERSION_LINE.search(module)
    if version is None:
        raise _unexpected_xlwings(module_path)
    return _crlf(module), _class_header_as_imported(_crlf(dictionary)), version.group(1)


def _unexpected_xlwings(module_path: Path) -> WresError:
    return WresError(
        f"The xlwings VBA module in {module_path} is not laid out as wres-xl expects, so "
        "the add-in was not built. Install the xlwings version listed in wres-xl's "
        "requirements and try again."
    )


#: Python code run before anything of ours is imported, in RunPython and the UDF server:
#: xlwings' prepare_sys_path puts an empty entry (the working folder) at the front of
#: sys.path when no PYTHONPATH is set, and the UDF server's working folder is Excel's, which
#: is wherever the user last opened a file.
PATH_GUARD = "import sys; sys.path[:] = [p for p in sys.path if p]; "

#: The changes made to xlwings' add-in module, each (what, pattern, replacement, how many
#: times it must match). Every line is LF-ended here; CRLF is put back afterwards, so no
#: substitution can leave a bare line feed.
XLWINGS_PATCHES: tuple[tuple[str, str, str, int], ...] = (
    (
        "settings files named after wres-xl",
        r'^(Public Const PROJECT_NAME As String = )"[^"\n]*"$',
        rf'\1"{PROJECT_NAME}"\n' + f'Private Const WRES_PATH_GUARD As String = "{PATH_GUARD}"',
        1,
    ),
    (
        # Its procedures stay callable from our modules but are no longer offered as
        # worksheet functions or in the Macros dialog.
        "xlwings' helpers private to the add-in",
        r'^(#Const App = "Microsoft Excel".*)$',
        r"\1\nOption Private Module",
        1,
    ),
    (
        "the workbook's folder never on sys.path, whatever a settings file says",
        r'^([ \t]*)AddExcelDir = GetConfig\("ADD_WORKBOOK_TO_PYTHONPATH", "true"\)$',
        r'\1AddExcelDir = "false"  ' + "' wres-xl: only the installed package is imported",
        2,
    ),
    (
        # -P (Python 3.11+): the working folder is not put on sys.path, so nothing in it
        # can stand in for a module xlwings imports before our guard runs.
        "Python started without the working folder on sys.path",
        r'" -B -c ""import',
        '" -B -P -c ""import',
        2,
    ),
    (
        "the UDF server drops the working folder before importing wres_xl.udfs",
        r'"\);import xlwings; xlwings\.serve\(',
        '");" & WRES_PATH_GUARD & "import xlwings; xlwings.serve(',
        1,
    ),
    (
        "RunPython drops the working folder before running our command",
        r"^([ \t]*)SourcePythonCommand = PythonCommand$",
        r"\g<0>\n\1PythonCommand = WRES_PATH_GUARD & PythonCommand",
        1,
    ),
)


def _patched_xlwings_module(module: str, module_path: Path) -> str:
    for _what, pattern, replacement, expected in XLWINGS_PATCHES:
        module, count = re.subn(pattern, replacement, module, flags=re.M)
        if count != expected:
            raise _unexpected_xlwings(module_path)
    return module


def _class_header_as_imported(source: str) -> str:
    """A class exported from the VBA editor, with the attributes the editor adds on import."""
    missing = [
        f"Attribute {name} = False\r\n"
        for name in ("VB_TemplateDerived", "VB_Customizable")
        if f"Attribute {name} " not in source
    ]
    return re.sub(
        r"^(Attribute VB_Exposed = \w+\r\n)",
        lambda found: found.group(1) + "".join(missing),
        source,
        count=1,
        flags=re.M,
    )


def xlwings_package_dir() -> Path:
    """The folder of the installed xlwings package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise WresError(
            "xlwings is not installed in this Python, and the add-in needs it. "
            "Run: pip install xlwings"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _write_vba_project(
    path: Path, modules: Iterable[tuple[str, str, bool]], *, this_workbook: str
) -> None:
    """An empty add-in as Excel writes one, with ``modules`` (name, source, is_class) added
    and ``this_workbook`` as the code of its ThisWorkbook module."""
    try:
        from pyopenvba import ExcelFile, VBAModuleKind
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise WresError(
            "Building the add-in needs the pyopenvba package. Run: pip install pyopenvba"
        ) from exc

    with ExcelFile.create_new(path) as book:
        project = book.vba_project()
        # The template's empty standard module would only confuse people reading the code.
        if "Module1" in project.module_names():
            project.delete_module("Module1")
        # Both document modules are written again from source, which drops the compiled
        # code the empty add-in carried for the Excel that made it (pyopenvba writes a
        # rewritten module at MODULEOFFSET 0, source only).
        book.set_module("ThisWorkbook", this_workbook)
        book.set_module("Sheet1", book.get_module("Sheet1"))
        for name, source, is_class in modules:
            kind = VBAModuleKind.other if is_class else VBAModuleKind.standard
            project.add_module(name, source, kind=kind)
        book.save()


def _portable_vba_project(data: bytes) -> bytes:
    """``vbaProject.bin`` in the portable form: no performance cache, a dir stream that ends
    at its terminator, and every module stream its compressed source alone.

    An Excel whose VBA version matches a cache's may use it; an invalid one makes it drop
    modules ("Cannot run the macro", ``#NAME?`` in every cell). Without one, Excel compiles
    the source, as it does for add-ins xlwings and LibreOffice write.
    """
    from pyopenvba.cfb import CFB
    from pyopenvba.vba import compress, decompress

    cfb = CFB.from_bytes(data)
    cfb.write_stream_in_storage("VBA", "_VBA_PROJECT", PORTABLE_VBA_PROJECT)
    directory = decompress(cfb.get_stream_in_storage("VBA", "dir"))
    # pyopenvba writes the terminator as a record with a Size field (10 bytes): the
    # specification's is the Id and a 4-byte Reserved, 6 bytes, and nothing after it.
    written_terminator = DIR_TERMINATOR + bytes(4)
    if directory.endswith(written_terminator):
        directory = directory[: -len(written_terminator)] + DIR_TERMINATOR
    if not directory.endswith(DIR_TERMINATOR):
        raise WresError(
            "The VBA project written by pyopenvba is not laid out as wres-xl expects, so "
            "the add-in was not built. Install the pyopenvba version listed in wres-xl's "
            "requirements and try again."
        )
    cfb.write_stream_in_storage("VBA", "dir", compress(directory))
    written: bytes = cfb.to_bytes()
    return written


# ---------------------------------------------------------------------------
# Package parts
# ---------------------------------------------------------------------------


def _read_parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _finish_package(
    parts: Mapping[str, bytes], ribbon: str, xlwings_version: str
) -> dict[str, bytes]:
    """Add the ribbon, name the add-in's one sheet and describe the file."""
    out = dict(parts)
    out[RIBBON_PART] = ribbon.encode("utf-8")
    rels = out["_rels/.rels"].decode("utf-8")
    ids = [int(found) for found in re.findall(r'\bId="rId(\d+)"', rels)]
    relationship = (
        f'<Relationship Id="rId{max(ids, default=0) + 1}" Type="{RIBBON_RELATIONSHIP}" '
        f'Target="{RIBBON_PART}"/>'
    )
    out["_rels/.rels"] = rels.replace("</Relationships>", relationship + "</Relationships>").encode(
        "utf-8"
    )

    # An add-in's sheets are never shown in Excel, but people who open the file elsewhere
    # (or IT staff checking it) should see what it is rather than an empty "Sheet1".
    sheet_name = "About"
    workbook = out["xl/workbook.xml"].decode("utf-8")
    workbook, renamed = re.subn(
        r'(<sheet\b[^>]*\bname=")Sheet1(")', rf"\g<1>{sheet_name}\2", workbook
    )
    app = out["docProps/app.xml"].decode("utf-8")
    app, renamed_app = re.subn(
        r"<vt:lpstr>Sheet1</vt:lpstr>", f"<vt:lpstr>{sheet_name}</vt:lpstr>", app
    )
    sheet_parts = [name for name in out if name.startswith("xl/worksheets/sheet")]
    if renamed != 1 or renamed_app != 1 or sheet_parts != ["xl/worksheets/sheet1.xml"]:
        raise WresError(
            "The empty add-in from pyopenvba is not laid out as wres-xl expects, so the add-in "
            "was not built. Install the pyopenvba version listed in wres-xl's requirements."
        )
    out["xl/workbook.xml"] = workbook.encode("utf-8")
    out["docProps/app.xml"] = app.encode("utf-8")
    out["xl/worksheets/sheet1.xml"] = _about_sheet(xlwings_version).encode("utf-8")
    out["docProps/core.xml"] = _core_properties().encode("utf-8")
    return out


def _about_sheet(xlwings_version: str) -> str:
    rows = [
        ("WRES add-in for Excel", ""),
        (
            "Adds the WRES tab (Refresh and Check) and the WRES_ worksheet functions to Excel. "
            "The work is done by the wres-xl Python package.",
            "",
        ),
        ("", ""),
        ("wres-xl version", __version__),
        ("xlwings version", xlwings_version),
        ("Worksheet functions from", UDF_MODULE),
        ("Settings file (Windows)", rf"%USERPROFILE%\.{PROJECT_NAME}\{PROJECT_NAME}.conf"),
        ("Install or update", "wres-xl addin install"),
    ]
    cells = []
    for number, (label, value) in enumerate(rows, start=1):
        row = f'<c r="A{number}" t="inlineStr"><is><t>{escape(label)}</t></is></c>' if label else ""
        if value:
            row += f'<c r="B{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        cells.append(f'<row r="{number}">{row}</row>' if row else f'<row r="{number}"/>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheetPr codeName="Sheet1"/><dimension ref="A1:B8"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="14.5"/>'
        '<cols><col min="1" max="1" width="28" customWidth="1"/>'
        '<col min="2" max="2" width="48" customWidth="1"/></cols>'
        f"<sheetData>{''.join(cells)}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )


def _core_properties() -> str:
    # No dates: two builds from the same sources give the same bytes.
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:title>WRES add-in for Excel</dc:title>"
        "<dc:creator>wres-xl</dc:creator>"
        f"<cp:version>{escape(__version__)}</cp:version>"
        "</cp:coreProperties>"
    )


def _zip_parts(parts: Mapping[str, bytes]) -> bytes:
    # [Content_Types].xml first, as Office writes it; fixed dates keep builds reproducible.
    order = sorted(parts, key=lambda name: (name != "[Content_Types].xml", name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, parts[name])
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Install
# ---------------------------------------------------------------------------


def install_addin(
    path: Path | None = None,
    *,
    system: str | None = None,
    home: Path | None = None,
    interpreter: str | None = None,
) -> InstallResult:
    """Put ``WRES.xlam`` where Excel loads add-ins at start-up and write its xlwings settings.

    ``path`` is a built add-in; without one the add-in is built now from the installed
    xlwings, which guarantees the two match. ``system`` ("Windows", "Darwin"), ``home``
    and ``interpreter`` default to this computer, this user and this Python; they are
    parameters so the install can be checked anywhere. On Windows the start-up folder
    follows ``%APPDATA%`` and the settings ``%USERPROFILE%`` when ``home`` is not given;
    ``WRES_XL_EXCEL_STARTUP`` overrides the start-up folder.
    """
    system = system or platform.system()
    interpreter = interpreter or sys.executable
    if system not in ("Windows", "Darwin"):
        raise WresError(_no_excel_message(path, system))

    if system == "Windows":
        check_xlwings_dll(interpreter, xlwings_dll_files())
    data = _addin_bytes() if path is None else _read_addin(Path(path))
    settings = _settings_file(system, home)
    # Worked out before anything is written, so a setting Excel could not read stops the
    # install without leaving an add-in behind that cannot start Python.
    settings_data = _settings_bytes(settings, interpreter, system=system)

    startup = _startup_folder(system, home)
    target = startup / ADDIN_NAME
    replaced = target.exists()
    make_folder(startup)
    # Written from bytes, not copied, so no "downloaded from the internet" mark travels with it.
    _write_atomically(target, data)

    make_folder(settings.parent)
    _write_atomically(settings, settings_data)

    extra: list[Path] = []
    if system == "Darwin":
        extra.append(_install_mac_runpython_script(home))
    return InstallResult(target, settings, interpreter, replaced, tuple(extra))


def xlwings_dll_files() -> list[PureWindowsPath]:
    """Where this Python's xlwings installed its DLLs (``xlwings64-<version>.dll``, and the
    32-bit one), from the package's record of its files."""
    from importlib import metadata

    try:
        files = metadata.files("xlwings") or []
    except metadata.PackageNotFoundError:
        return []
    return [
        PureWindowsPath(str(Path(str(file.locate())).resolve()))
        for file in files
        if re.fullmatch(r"xlwings(32|64)-[\w.]+\.dll", file.name, re.I)
    ]


def check_xlwings_dll(interpreter: str, dlls: Iterable[PureWindowsPath]) -> None:
    """Refuse an install whose worksheet functions could not start.

    The add-in's VBA loads the xlwings DLL from the interpreter's folder or the one above it
    (a virtual environment's), nowhere else. A per-user pip install, Microsoft Store Python
    and conda put it elsewhere, and then every WRES_ cell says "Could not load
    xlwings64-....dll".
    """
    python = PureWindowsPath(interpreter)
    looked = [python.parent, python.parent.parent]
    wanted = {str(folder).casefold() for folder in looked}
    found = list(dlls)
    if any(str(dll.parent).casefold() in wanted for dll in found):
        return
    folders = " or ".join(str(folder) for folder in looked)
    if not found:
        where = (
            "This Python's xlwings has no xlwings64 DLL (it was not installed from the "
            "Windows package)."
        )
    else:
        where = f"This Python's xlwings put its DLL in {found[0].parent}."
    raise WresError(
        f"{where} Excel looks for it in {folders}, so every WRES_ worksheet function would "
        "show 'Could not load xlwings'. Nothing was installed. Install wres-xl into a virtual "
        r"environment and install the add-in from there: py -m venv %USERPROFILE%\wres, then "
        r"%USERPROFILE%\wres\Scripts\pip install wres-xl, then "
        r"%USERPROFILE%\wres\Scripts\wres-xl addin install."
    )


def _no_excel_message(path: Path | None, system: str) -> str:
    name = "Linux" if system == "Linux" else system or "this computer"
    where = (
        f"The add-in file is {Path(path).resolve()}."
        if path is not None
        else "Build the add-in file with: wres-xl addin build FOLDER"
    )
    return (
        f"Excel is not available on {name}, so the add-in cannot be installed here. {where} "
        "Copy WRES.xlam to a Windows PC or Mac with Excel and Python, and run "
        "'wres-xl addin install' there. On this computer, use 'wres-xl refresh' to update "
        "a workbook without Excel."
    )


def _read_addin(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise WresFileNotFoundError(
            f"There is no add-in file at {path}. Build one with: wres-xl addin build"
        ) from exc
    except OSError as exc:
        raise WresFileError(f"Cannot read the add-in file {path} ({exc.strerror}).") from exc
    built_with = _addin_xlwings_version(data, path)
    installed = _installed_xlwings_version()
    if built_with != installed:
        raise WresError(
            f"{path.name} was built with xlwings {built_with}, but this Python has xlwings "
            f"{installed}, so its worksheet functions would not start. Run "
            "'wres-xl addin install' without a file name to build a matching add-in."
        )
    return data


def _addin_xlwings_version(data: bytes, path: Path) -> str:
    """The xlwings version whose VBA module is inside a built add-in."""
    from pyopenvba import ExcelFile

    with tempfile.TemporaryDirectory(prefix="wres-addin-") as scratch:
        copy = Path(scratch, ADDIN_NAME)
        copy.write_bytes(data)
        try:
            with ExcelFile(copy) as book:
                source = book.vba_modules().get("xlwings", "")
        except Exception as exc:  # pyopenvba raises many kinds for a damaged file
            raise WresFileError(
                f"{path} is not a WRES add-in that wres-xl can read ({exc}). "
                "Build a new one with: wres-xl addin build"
            ) from exc
    found = _XLWINGS_VERSION_LINE.search(source)
    if found is None:
        raise WresFileError(
            f"{path} has no xlwings module, so it is not a WRES add-in. "
            "Build a new one with: wres-xl addin build"
        )
    return found.group(1)


def _installed_xlwings_version() -> str:
    _, _, version = xlwings_runtime()
    return version


def _startup_folder(system: str, home: Path | None) -> Path:
    override = os.environ.get(STARTUP_ENV)
    if override:
        return Path(override)
    if system == "Windows":
        if home is None and os.environ.get("APPDATA"):
            return Path(os.environ["APPDATA"], "Microsoft", "Excel", "XLSTART")
        return _home(home) / WINDOWS_STARTUP
    return _home(home) / MAC_STARTUP


def _settings_file(system: str, home: Path | None) -> Path:
    if system == "Windows":
        base = (
            Path(os.environ["USERPROFILE"])
            if home is None and "USERPROFILE" in os.environ
            else _home(home)
        )
        return base / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf"
    return _home(home) / MAC_EXCEL_HOME / f"{PROJECT_NAME}.conf"


def _home(home: Path | None) -> Path:
    return Path.home() if home is None else Path(home)


def _settings_for(interpreter: str) -> dict[str, str]:
    """The xlwings settings the add-in needs, by key."""
    return {
        "INTERPRETER_WIN": interpreter,
        "INTERPRETER_MAC": interpreter,
        "UDF MODULES": UDF_MODULE,
        # Our code comes from the installed package; a .py file that happens to sit beside
        # a user's workbook must not be imported in its place.
        "ADD_WORKBOOK_TO_PYTHONPATH": "False",
    }


def _settings_bytes(path: Path, interpreter: str, *, system: str | None = None) -> bytes:
    """The settings file ``path`` should hold: its other settings kept, ours set.

    The format is the one xlwings' VBA reads with ``Input #``: one ``"KEY","value"``
    pair a line, in the Windows ANSI code page on Windows.
    """
    system = system or platform.system()
    wanted = _settings_for(interpreter)
    for key, value in wanted.items():
        if '"' in value:
            raise WresError(
                f'The {key} setting cannot contain a double quote ("): {value}. '
                "Install Python in a folder whose name has no quote marks."
            )
    kept: list[tuple[str, str]] = []
    if path.exists():
        for key, value in read_settings(path, system=system).items():
            if key.upper() not in wanted:
                kept.append((key, value))
    lines = [f'"{key}","{value}"' for key, value in [*kept, *wanted.items()]]
    newline = "\r\n" if system == "Windows" else "\n"
    text = newline.join(lines) + newline
    try:
        return text.encode(_settings_encoding(system))
    except UnicodeEncodeError as exc:
        raise WresError(
            f"The Python path {interpreter} has characters Excel cannot read from its settings "
            "file. Install Python (or the virtual environment) in a folder whose path uses "
            "plain letters, and run the install again."
        ) from exc


def read_settings(path: Path, *, system: str | None = None) -> dict[str, str]:
    """The ``"KEY","value"`` pairs of an xlwings settings file."""
    system = system or platform.system()
    text = path.read_bytes().decode(_settings_encoding(system), errors="replace")
    settings: dict[str, str] = {}
    for line in text.splitlines():
        found = re.fullmatch(r'\s*"([^"]*)"\s*,\s*"([^"]*)"\s*', line)
        if found:
            settings[found.group(1)] = found.group(2)
    return settings


def _settings_encoding(system: str) -> str:
    # VBA's file input reads the ANSI code page on Windows ("mbcs" exists only there).
    if system == "Windows":
        try:
            codecs.lookup("mbcs")
        except LookupError:
            return "cp1252"
        return "mbcs"
    return "utf-8"


def _install_mac_runpython_script(home: Path | None) -> Path:
    """Let sandboxed Excel for Mac start Python, as 'xlwings runpython install' does."""
    _, _, version = xlwings_runtime()
    script = xlwings_package_dir() / f"xlwings-{version}.applescript"
    folder = _home(home) / MAC_SCRIPTS
    make_folder(folder)
    target = folder / script.name
    try:
        _write_atomically(target, script.read_bytes())
    except FileNotFoundError as exc:
        raise WresFileNotFoundError(
            f"The installed xlwings has no {script.name}, which Excel for Mac needs to run "
            "Python. Reinstall xlwings (pip install --force-reinstall xlwings) and try again."
        ) from exc
    return target


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def _write_atomically(target: Path, data: bytes) -> None:
    def failed(error: OSError) -> WresFileError:
        if isinstance(error, PermissionError):
            return WresFileError(
                f"Cannot write {target}: it is in use or read-only. If Excel is open, close it "
                "and try again."
            )
        return WresFileError(f"Cannot write {target} ({error.strerror or error}).")

    write_atomically(target, lambda handle: handle.write(data), failed=failed)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _crlf(text: str) -> str:
    return _lf(text).replace("\n", "\r\n")
