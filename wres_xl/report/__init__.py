"""Output sheets as pure data (``SheetContent``): what to show, not how to write it.

Sheet builders here import neither openpyxl nor xlwings; each workbook backend renders a
``SheetContent`` its own way, so the same refresh runs on files and in live Excel.
"""
