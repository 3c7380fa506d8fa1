"""The workbook layer: reading input tables and writing output sheets through one interface."""

from openpyxl.styles.fonts import Font as _Font

# openpyxl writes a font's children (name, charset, family, b, i, ...) out of the order of
# CT_Font's sequence in the Open XML SDK (b, i, strike, ..., sz, color, name, family, charset,
# scheme), which is the order Excel itself writes. ECMA-376's transitional schema accepts
# either, but a strict validator (openxml-audit's default, the SDK's own) reports every font
# of styles.xml as an error. Reading is by tag, so only the order written changes; every
# file wres-xl writes with openpyxl (template, output sheets, published copy) goes through
# this package, so this is the one place to set it.
_Font.__elements__ = (
    "b",
    "i",
    "strike",
    "condense",
    "extend",
    "outline",
    "shadow",
    "u",
    "vertAlign",
    "sz",
    "color",
    "name",
    "family",
    "charset",
    "scheme",
)
