"""Spreadsheets and documents: reading indicator sheets in, writing tracking tables and reports out."""
