"""Run as a script: import xlwings as it is on Windows, with pywin32 stubbed, and print (as
JSON) the VBA that xlwings' own ``generate_vba_wrapper`` writes for ``wres_xl.udfs`` and
the metadata its ``@xw.func``/``@xw.arg`` decorators record there.

On Linux ``xw.func`` and ``xw.arg`` do nothing, so this is the only way to see what xlwings
itself makes of our functions. It runs in its own process because it fakes
``sys.platform`` and fills ``sys.modules`` with stand-ins.
"""

from __future__ import annotations

import ctypes
import io
import json
import sys
import types
from unittest import mock


class _Stub(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        return mock.MagicMock(name=f"{self.__name__}.{name}")


def main() -> None:
    for name in ("oledll", "windll", "WinDLL", "OleDLL", "WINFUNCTYPE", "HRESULT", "PyDLL"):
        setattr(ctypes, name, mock.MagicMock(name=name))
    sys.platform = "win32"
    # xlwings imports matplotlib when it is installed (wres-xl's report needs it), and
    # matplotlib on a pretend Windows reads the font registry; the UDF code needs neither.
    sys.modules["matplotlib"] = None  # type: ignore[assignment]
    for name in (
        "pywintypes",
        "pythoncom",
        "win32api",
        "win32con",
        "win32gui",
        "win32process",
        "win32event",
        "win32clipboard",
        "win32timezone",
        "win32com",
        "win32com.client",
        "win32com.client.gencache",
        "win32com.server",
        "win32com.server.util",
        "win32com.server.dispatcher",
        "win32com.server.policy",
        "win32com.server.register",
        "winreg",
    ):
        stub = _Stub(name)
        stub.__file__ = f"{name}.pyd"
        stub.__path__ = []
        sys.modules[name] = stub

    import xlwings._xlwindows  # fails loudly if the stand-ins are not enough
    import xlwings.udfs

    import wres_xl.udfs

    out = io.StringIO()
    xlwings.udfs.generate_vba_wrapper(
        "wres_xl.udfs", wres_xl.udfs, out, types.SimpleNamespace(Name="WRES.xlam")
    )
    functions = {}
    for value in vars(wres_xl.udfs).values():
        info = getattr(value, "__xlfunc__", None)
        if info is not None:
            functions[info["name"]] = {
                "doc": info["ret"]["doc"],
                "category": info["category"],
                "args": [
                    {"name": a["name"], "doc": a["doc"], "optional": "optional" in a}
                    for a in info["args"]
                ],
            }
    print(json.dumps({"vba": out.getvalue(), "functions": functions}))


if __name__ == "__main__":
    main()
