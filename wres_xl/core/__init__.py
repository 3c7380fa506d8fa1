"""The pure core: domain rules, statistics, suppression, rating, narrative and actions.

Nothing in this package may import openpyxl or xlwings (tests/test_architecture.py checks).
"""
