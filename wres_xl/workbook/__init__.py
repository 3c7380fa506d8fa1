"""The workbook layer: reading input tables and writing output sheets through one interface."""
