"""The worksheet functions as Excel sees them, generated from ``wres_xl.udfs`` (one source).

``wres_xl.udfs`` is the only list of worksheet functions. From it this module writes, when
the add-in is built:

- the VBA wrapper of each function, in the form xlwings' "Import Functions" writes
  (``xlwings.udfs.generate_vba_wrapper``), so the functions work as soon as the add-in is
  loaded, with no import step and no access to the VBA project object model;
- the ``Application.MacroOptions`` calls that give each function its description,
  argument help and the category "WRES" in Excel's Insert Function dialog;
- the function table of the README (``python -m wres_xl.commands.addin.functions README.md``
  rewrites it; a test checks it is current).

The module is read as source (``ast``), not imported: on Linux and macOS xlwings' ``@xw.func``
and ``@xw.arg`` record nothing, and the add-in must build the same everywhere. Descriptions
come from the docstring's first paragraph, argument help from ``@xw.arg(doc=...)``.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from wres_xl.errors import WresError
from wres_xl.workbook.atomic import write_atomically

UDF_MODULE = "wres_xl.udfs"
CATEGORY = "WRES"
#: Excel's limit for a macro's description and for each argument's help.
MAX_HELP = 255

#: Placeholder lines in the VBA templates where generated code goes.
WRAPPERS_SLOT = "'{{WRES_FUNCTION_WRAPPERS}}"
DESCRIPTIONS_SLOT = "'{{WRES_FUNCTION_DESCRIPTIONS}}"
README_START = "<!-- worksheet functions: generated from wres_xl.udfs, do not edit -->"
README_END = "<!-- end of worksheet functions -->"

#: VBA's physical line limit is 1023 characters; xlwings splits at the same length.
_MAX_VBA_LINE = 1000


@dataclass(frozen=True)
class Argument:
    name: str
    optional: bool
    doc: str


@dataclass(frozen=True)
class WorksheetFunction:
    name: str
    arguments: tuple[Argument, ...]
    description: str

    def signature(self) -> str:
        """``WRES_CI(indicator, ..., [level])``: optional arguments in brackets, as Excel shows."""
        shown = [f"[{a.name}]" if a.optional else a.name for a in self.arguments]
        return f"{self.name}({', '.join(shown)})"


def _udf_source_path() -> Path:
    """Where ``wres_xl.udfs`` lives (found without importing it)."""
    spec = importlib.util.find_spec(UDF_MODULE)
    if spec is None or spec.origin is None:
        raise WresError(f"{UDF_MODULE} is missing. Reinstall wres-xl and try again.")
    return Path(spec.origin)


def worksheet_functions(source: str | None = None) -> list[WorksheetFunction]:
    """Every ``@xw.func`` in ``wres_xl.udfs`` (or in ``source``), in the order written."""
    path = _udf_source_path() if source is None else None
    text = path.read_text(encoding="utf-8") if path is not None else source
    if text is None:
        raise AssertionError("text is not None")
    tree = ast.parse(text)
    found: list[WorksheetFunction] = [
        _function(node)
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any(_is_xw(d, "func") for d in node.decorator_list)
    ]
    if not found:
        raise WresError(f"No worksheet functions were found in {path or 'the source'}.")
    return found


def _is_xw(node: ast.expr, name: str) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return (
        isinstance(target, ast.Attribute)
        and target.attr == name
        and isinstance(target.value, ast.Name)
        and target.value.id in ("xw", "xlwings")
    )


def _function(node: ast.FunctionDef) -> WorksheetFunction:
    where = f"{UDF_MODULE}.{node.name}"
    spec = node.args
    if spec.vararg or spec.kwarg or spec.kwonlyargs:
        raise WresError(f"{where}: worksheet functions take plain positional arguments only.")
    names = [a.arg for a in [*spec.posonlyargs, *spec.args]]
    first_optional = len(names) - len(spec.defaults)
    docs: dict[str, str] = {}
    for decorator in node.decorator_list:
        if not (isinstance(decorator, ast.Call) and _is_xw(decorator, "arg")):
            continue
        arg = _literal(decorator.args[0], where) if decorator.args else ""
        if arg not in names:
            raise WresError(f"{where}: @xw.arg names {arg!r}, which is not an argument.")
        for keyword in decorator.keywords:
            if keyword.arg == "vba":
                raise WresError(f"{where}: @xw.arg(vba=...) is not supported by the add-in.")
            if keyword.arg == "doc":
                docs[arg] = _help(_literal(keyword.value, where))
    if "caller" in names:
        raise WresError(f"{where}: an argument called 'caller' is not supported by the add-in.")
    docstring = ast.get_docstring(node) or ""
    description = _help(docstring.split("\n\n")[0])
    if not description:
        raise WresError(f"{where} has no docstring, which Excel shows as its description.")
    arguments = tuple(
        Argument(name, i >= first_optional, docs.get(name, "")) for i, name in enumerate(names)
    )
    return WorksheetFunction(node.name, arguments, description)


def _literal(node: ast.expr, where: str) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    raise WresError(f"{where}: the add-in needs @xw.arg names and docs as plain strings.")


def _help(text: str) -> str:
    """One line of at most 255 characters, cut at a sentence or word if longer."""
    text = " ".join(text.split())
    if len(text) <= MAX_HELP:
        return text
    cut = text[:MAX_HELP]
    sentence = cut.rfind(". ")
    if sentence > MAX_HELP // 2:
        return cut[: sentence + 1]
    return cut[: MAX_HELP - 3].rsplit(" ", 1)[0] + "..."


# ---------------------------------------------------------------------------
# VBA
# ---------------------------------------------------------------------------


def vba_wrappers(functions: list[WorksheetFunction]) -> str:
    """One wrapper per function, as ``xlwings.udfs.generate_vba_wrapper`` writes it, with three
    deliberate differences, each checked by tests/test_addin.py:

    - on a Mac the function says in the cell that it needs Excel for Windows (xlwings runs
      worksheet functions only there) instead of failing with a technical error;
    - ``Excel.Range`` is spelled out, because WRES_REDACT has an argument called ``range``
      and VBA names are not case-sensitive;
    - an error is put in plain English by ``WresCellError`` (the xlwings DLL missing, or
      Excel not allowed to start Python), not shown as the raw DLL message.
    """
    blocks = []
    for f in functions:
        names = [a.name for a in f.arguments]
        params = ", ".join(f"Optional {a.name}" if a.optional else a.name for a in f.arguments)
        array = f"Array({', '.join(names)})"
        call = f'XLPy.CallUDF("{UDF_MODULE}", "{f.name}", {array}'
        blocks.append(
            "\n".join(
                [
                    f"Function {f.name}({params})",
                    "    #If Mac Then",
                    f"        {f.name} = WRES_ON_MAC",
                    "        Exit Function",
                    "    #End If",
                    '    #If App = "Microsoft Excel" Then',
                    "        If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed",
                    f"        {f.name} = {call}, ActiveWorkbook, Application.Caller)",
                    "        Exit Function",
                    "    #Else",
                    f"        {f.name} = {call})",
                    "        Exit Function",
                    "    #End If",
                    "failed:",
                    f"    {f.name} = WresCellError(Err.Number, Err.Description)",
                    "End Function",
                    "",
                ]
            )
        )
    return "\n".join(blocks)


def vba_descriptions(functions: list[WorksheetFunction]) -> str:
    """``WresDescribe`` calls, one per function: name, description, argument help."""
    calls = []
    for f in functions:
        if len(f.arguments) > 20:
            # VBA allows 24 line continuations in one statement.
            raise WresError(f"{f.name} has too many arguments for the add-in to describe.")
        docs = ", _\n            ".join(_vba_string(a.doc or a.name) for a in f.arguments)
        calls.append(
            f"    WresDescribe {_vba_string(f.name)}, _\n"
            f"        {_vba_string(f.description)}, _\n"
            f"        Array({docs})"
        )
    return "\n".join(calls)


def _vba_string(text: str) -> str:
    """``text`` as a VBA expression in plain ASCII (VBA source is in the ANSI code page):
    quotes doubled, anything else through ``ChrW``, so Excel shows the same characters."""
    pieces: list[str] = []
    literal = ""
    for char in text:
        if " " <= char <= "~":
            literal += '""' if char == '"' else char
            continue
        if literal:
            pieces.append(f'"{literal}"')
            literal = ""
        pieces.append(f"ChrW({ord(char)})")
    if literal or not pieces:
        pieces.append(f'"{literal}"')
    expression = " & ".join(pieces)
    if len(expression) > _MAX_VBA_LINE:
        raise WresError(f"A worksheet function's help text is too long for VBA: {text[:60]}...")
    return expression


def fill_template(template: str, slot: str, code: str) -> str:
    """``template`` with its one ``slot`` line replaced by ``code``."""
    lines = template.split("\n")
    found = [i for i, line in enumerate(lines) if line.strip() == slot]
    if len(found) != 1:
        raise WresError(
            f"The add-in template has {len(found)} '{slot}' lines, not one, so the add-in "
            "was not built. Reinstall wres-xl and try again."
        )
    lines[found[0]] = code.rstrip("\n")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------


def _readme_table(functions: list[WorksheetFunction]) -> str:
    rows = ["| Function | What it does |", "|---|---|"]
    for f in functions:
        description = f.description.replace("|", "\\|")
        rows.append(f"| `{f.signature()}` | {description} |")
    return "\n".join(rows)


def updated_readme(text: str, functions: list[WorksheetFunction]) -> str:
    """``text`` (the README) with the table between the markers regenerated."""
    pattern = re.compile(re.escape(README_START) + r"\n.*?" + re.escape(README_END), re.S)
    block = f"{README_START}\n{_readme_table(functions)}\n{README_END}"
    new, count = pattern.subn(lambda _: block, text)
    if count != 1:
        raise WresError("The README has no worksheet function table markers.")
    return new


def main(argv: list[str] | None = None) -> int:
    """``python -m wres_xl.commands.addin.functions README.md``: regenerate the README's table."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m wres_xl.commands.addin.functions README.md", file=sys.stderr)
        return 2
    path = Path(args[0])
    text = path.read_text(encoding="utf-8")
    new = updated_readme(text, worksheet_functions())
    if new != text:
        data = new.encode("utf-8")
        write_atomically(path, lambda handle: handle.write(data))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
