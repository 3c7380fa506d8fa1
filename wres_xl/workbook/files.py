"""Refreshing a workbook file without ever losing the user's data.

openpyxl rewrites the whole package, and it cannot keep some things a user may have put
in a workbook (shapes and pictures it did not create, form controls, slicers, Power Query
connections, extensions). So before anything is written the package is inspected, and a
refresh that would lose something on a sheet the tool does not own is refused with what
to do instead. The refreshed workbook is written to a temporary file beside the original,
re-inspected to prove nothing user-owned went missing, and only then swapped in, with the
previous version kept as a backup. A failure at any point leaves the original
byte-for-byte as it was and no stray files behind.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import uuid
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from wres_xl.core import schema
from wres_xl.core.model import Check
from wres_xl.errors import UnsafeRefreshError, WresFileError, WresFileNotFoundError
from wres_xl.workbook.openpyxl_backend import OpenpyxlWorkbook, load_workbook
from wres_xl.workbook.refresh import RefreshResult, check_workbook, refresh_workbook

OWNED_SHEETS = frozenset(schema.OUTPUT_SHEETS)
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm")

_NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
}
_UI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
_UI14_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"


@dataclass
class SheetParts:
    name: str
    path: str
    related: Counter[str] = field(default_factory=Counter)
    drawing_items: Counter[str] = field(default_factory=Counter)
    extensions: list[str] = field(default_factory=list)


@dataclass
class PackageInventory:
    sheets: dict[str, SheetParts]
    parts: list[str]
    root_relationships: list[tuple[str, str]]

    def has(self, prefix: str) -> bool:
        return any(p.startswith(prefix) for p in self.parts)

    def count(self, prefix: str) -> int:
        return sum(1 for p in self.parts if p.startswith(prefix))


def _rel_type(full: str) -> str:
    return full.rsplit("/", 1)[-1]


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _read_rels(z: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, absolute target) of a part's relationships."""
    path = _rels_path(part)
    if path not in z.namelist():
        return []
    root = ElementTree.fromstring(z.read(path))
    out = []
    for rel in root.findall("rel:Relationship", _NS):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External":
            base = posixpath.dirname(part)
            target = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            )
        out.append((rel.get("Id", ""), rel.get("Type", ""), target))
    return out


def inspect_package(path: Path) -> PackageInventory:
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            root_rels = (
                [(t, target) for _, t, target in _read_rels(z, "")]
                if "_rels/.rels" in names
                else []
            )
            workbook = next(
                (t for t, target in root_rels if _rel_type(t) == "officeDocument"), None
            )
            wb_part = next(
                (target for t, target in root_rels if _rel_type(t) == "officeDocument"),
                "xl/workbook.xml",
            )
            _ = workbook
            wb_rels = {rid: target for rid, _, target in _read_rels(z, wb_part)}
            root = ElementTree.fromstring(z.read(wb_part))
            sheets: dict[str, SheetParts] = {}
            for sheet in root.iter(f"{{{_NS['main']}}}sheet"):
                rid = sheet.get(f"{{{_NS['r']}}}id", "")
                name = sheet.get("name", "")
                part = wb_rels.get(rid, "")
                info = SheetParts(name, part)
                if part in names:
                    for _, rel_type, target in _read_rels(z, part):
                        kind = _rel_type(rel_type)
                        info.related[kind] += 1
                        if kind == "drawing" and target in names:
                            info.drawing_items.update(_drawing_items(z.read(target)))
                    xml = z.read(part).decode("utf-8", "replace")
                    info.extensions = re.findall(r'<ext [^>]*uri="([^"]+)"', xml)
                sheets[name] = info
    except zipfile.BadZipFile as error:
        raise WresFileError(
            f"'{path.name}' is not a valid Excel workbook (the file is damaged or incomplete: "
            f"{error}). Open it in Excel and save it again as an Excel Workbook (.xlsx), or "
            "restore it from a backup."
        ) from error
    except (KeyError, ElementTree.ParseError) as error:
        raise WresFileError(
            f"'{path.name}' is damaged: part of its contents cannot be read ({error}). Open it "
            "in Excel (which may offer to repair it) and save it again."
        ) from error
    return PackageInventory(sheets, names, root_rels)


def _drawing_items(xml: bytes) -> Counter[str]:
    root = ElementTree.fromstring(xml)
    counts: Counter[str] = Counter()
    for anchor in root:
        for child in anchor:
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "graphicFrame":
                is_chart = b"drawingml/2006/chart" in ElementTree.tostring(child)
                counts["chart" if is_chart else "object"] += 1
            elif tag == "pic":
                counts["picture"] += 1
            elif tag in ("sp", "grpSp", "cxnSp"):
                counts["shape"] += 1
            elif tag == "AlternateContent":
                counts["control or shape"] += 1
    return counts


# Sheet relationships openpyxl writes back; anything else on a user's sheet would be lost.
_KEPT_SHEET_RELS = {"table", "comments", "vmlDrawing", "hyperlink", "printerSettings", "pivotTable"}
_EXTENSION_NAMES = {
    "{78C0D931-6437-407d-A8EE-F0AAD7539E65}": "conditional formatting rules of a newer Excel",
    "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": "data validation lists that point at another sheet",
    "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": "sparklines",
    "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}": "slicers",
    "{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}": "slicers",
    "{7E03D99C-DC04-49d9-9315-930204A7B6E9}": "timelines",
}
_HARMLESS_EXTENSIONS = {"{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}"}  # x14 sheet view flags


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def preflight(inventory: PackageInventory, path: Path) -> list[str]:
    """Everything in the file that a refresh outside Excel would lose (empty when safe)."""
    problems: list[str] = []
    for name, sheet in inventory.sheets.items():
        if name in OWNED_SHEETS:
            continue
        items = sheet.drawing_items
        if items:
            listed = ", ".join(_plural(n, kind) for kind, n in sorted(items.items()))
            problems.append(f"the sheet '{name}' has {listed}")
        lost = {k: n for k, n in sheet.related.items() if k not in _KEPT_SHEET_RELS | {"drawing"}}
        for kind, n in sorted(lost.items()):
            what = {
                "ctrlProp": "form control",
                "control": "ActiveX control",
                "oleObject": "embedded object",
                "slicer": "slicer",
                "timeline": "timeline",
                "queryTable": "query table",
                "threadedComment": "threaded comment",
            }.get(kind, f"'{kind}' part")
            problems.append(f"the sheet '{name}' has {_plural(n, what)}")
        for uri in sheet.extensions:
            if uri in _HARMLESS_EXTENSIONS:
                continue
            label = _EXTENSION_NAMES.get(uri, f"a newer-Excel feature ({uri})")
            problems.append(f"the sheet '{name}' uses {label}")
    if inventory.has("xl/connections.xml") or inventory.has("xl/queryTables/"):
        problems.append("the workbook has data connections or Power Query queries")
    if inventory.has("xl/slicerCaches/") or inventory.has("xl/timelineCaches/"):
        problems.append("the workbook has slicers or timelines")
    if inventory.has("xl/activeX/"):
        problems.append("the workbook has ActiveX controls")
    if inventory.has("xl/vbaProject.bin") and path.suffix.lower() == ".xlsx":
        problems.append("the workbook contains macros but is named .xlsx")
    return sorted(set(problems))


def refusal_message(path: Path, problems: list[str]) -> str:
    listed = "; ".join(problems)
    return (
        f"Refresh refused: '{path.name}' was not changed. Refreshing it outside Excel would lose "
        f"things WRES does not own, because {listed}. What to do: refresh inside Excel with the "
        "WRES ▸ Refresh button, which keeps everything; or move those items to a separate "
        "workbook (for example one that links to this one) and run wres-xl again."
    )


@contextmanager
def _capture_openpyxl_warnings() -> Iterator[list[str]]:
    caught: list[str] = []
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        yield caught
    for record in records:
        text = str(record.message)
        if "will be removed" in text or "not supported" in text:
            caught.append(text)


def _check_target(path: Path) -> None:
    if not path.exists():
        raise WresFileNotFoundError(
            f"'{path}' does not exist. Check the file name and folder (use 'wres-xl new {path}' "
            "to create a new WRES workbook)."
        )
    if path.is_dir():
        raise WresFileError(f"'{path}' is a folder, not an Excel workbook.")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise WresFileError(
            f"'{path.name}' is not an Excel workbook wres-xl can refresh (it needs .xlsx or "
            ".xlsm). In Excel use File ▸ Save As ▸ Excel Workbook (.xlsx)."
        )
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        raise WresFileError(
            f"'{path.name}' seems to be open in Excel (its lock file {lock.name} is present). "
            "Close it in Excel first, or use WRES ▸ Refresh inside Excel.",
        )


def _load_checked(path: Path, on_progress: Callable[[str], None] | None) -> OpenpyxlWorkbook:
    inventory = inspect_package(path)
    problems = preflight(inventory, path)
    with _capture_openpyxl_warnings() as lost:
        workbook = OpenpyxlWorkbook(load_workbook(path), path=path, on_progress=on_progress)
    for text in lost:
        problems.append(f"Excel features in it cannot be kept ({text.rstrip('.')})")
    if problems:
        raise UnsafeRefreshError(refusal_message(path, problems))
    return workbook


def _user_part_counts(inventory: PackageInventory) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, sheet in inventory.sheets.items():
        if name in OWNED_SHEETS:
            continue
        for kind in ("table", "pivotTable", "comments", "hyperlink"):
            if sheet.related[kind]:
                counts[f"{name}: {kind}"] = sheet.related[kind]
    counts["macros"] = int(inventory.has("xl/vbaProject.bin"))
    counts["ribbon"] = sum(1 for t, _ in inventory.root_relationships if t in (_UI_REL, _UI14_REL))
    counts["external links"] = inventory.count("xl/externalLinks/externalLink")
    counts["pivot caches"] = inventory.count("xl/pivotCache/pivotCacheDefinition")
    return counts


def _carry_ribbon(original: Path, written: Path) -> None:
    """openpyxl does not keep a custom ribbon (customUI); copy its parts across unchanged."""
    with zipfile.ZipFile(original) as src:
        ui_rels = [
            (rid, t, target) for rid, t, target in _read_rels(src, "") if t in (_UI_REL, _UI14_REL)
        ]
        if not ui_rels:
            return
        folders = {posixpath.dirname(target) for _, _, target in ui_rels}
        extra = {
            n: src.read(n)
            for n in src.namelist()
            if any(n.startswith(folder + "/") for folder in folders)
        }
    tmp = written.with_name(written.name + ".ribbon")
    with zipfile.ZipFile(written) as dst, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for item in dst.infolist():
            data = dst.read(item.filename)
            if item.filename == "_rels/.rels":
                text = data.decode("utf-8")
                added = "".join(
                    f'<Relationship Id="wresUi{i}" Type="{t}" Target="{target}"/>'
                    for i, (_, t, target) in enumerate(ui_rels)
                )
                data = text.replace("</Relationships>", added + "</Relationships>").encode("utf-8")
            elif (
                item.filename == "[Content_Types].xml"
                and any(n.endswith(".png") for n in extra)
                and b'Extension="png"' not in data
            ):
                data = data.replace(
                    b"<Default ",
                    b'<Default Extension="png" ContentType="image/png"/><Default ',
                    1,
                )
            out.writestr(item, data)
        for name, data in extra.items():
            if name not in dst.namelist():
                out.writestr(name, data)
    os.replace(tmp, written)


def _verify(original: PackageInventory, written: Path, path: Path) -> None:
    after = inspect_package(written)
    before_counts, after_counts = _user_part_counts(original), _user_part_counts(after)
    missing = [
        f"{key} ({before_counts[key]} before, {after_counts.get(key, 0)} after)"
        for key in before_counts
        if after_counts.get(key, 0) < before_counts[key]
    ]
    missing += [f"the sheet '{name}'" for name in original.sheets if name not in after.sheets]
    if missing:
        raise UnsafeRefreshError(
            f"Refresh stopped: '{path.name}' was not changed, because the refreshed copy would "
            f"have lost: {'; '.join(missing)}. Refresh inside Excel with WRES ▸ Refresh instead, "
            "and please report this to the wres-xl team."
        )


def _atomic_write_bytes(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".~wres-{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(target: Path, payload: dict[str, Any]) -> None:
    _atomic_write_bytes(target, (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode())


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.backup{path.suffix}")


def refresh_file(
    path: Path,
    *,
    output: Path | None = None,
    json_path: Path | None = None,
    on_progress: Callable[[str], None] | None = None,
    before_refresh: Callable[[OpenpyxlWorkbook], Sequence[Check]] | None = None,
) -> RefreshResult:
    """Refresh ``path`` in place (keeping ``NAME.backup.xlsx``) or into ``output``.

    ``before_refresh`` may change input tables first (an ESR import does), inside the same
    safe write; the checks it returns are listed on the Checks sheet.
    """
    path = Path(path)
    _check_target(path)
    target = Path(output) if output is not None else path
    if output is not None and target.suffix.lower() != path.suffix.lower():
        raise WresFileError(
            f"The output '{target.name}' must have the same extension as '{path.name}' "
            f"({path.suffix})."
        )
    if output is not None and not target.parent.exists():
        raise WresFileNotFoundError(f"The folder '{target.parent}' for the output does not exist.")
    original = inspect_package(path)
    workbook = _load_checked(path, on_progress)
    extra = list(before_refresh(workbook)) if before_refresh is not None else []
    result = refresh_workbook(workbook, extra)
    tmp = target.with_name(f".~wres-{uuid.uuid4().hex}{path.suffix}")
    try:
        if on_progress:
            on_progress("Saving")
        workbook.save(tmp)
        _carry_ribbon(path, tmp)
        _verify(original, tmp, path)
        if output is None:
            shutil.copy2(path, backup_path(path))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".ribbon").unlink(missing_ok=True)
    if json_path is not None:
        write_json(Path(json_path), result.json)
    return result


def check_file(path: Path, on_progress: Callable[[str], None] | None = None) -> RefreshResult:
    path = Path(path)
    _check_target(path)
    workbook = OpenpyxlWorkbook(load_workbook(path), path=path, on_progress=on_progress)
    return check_workbook(workbook)
