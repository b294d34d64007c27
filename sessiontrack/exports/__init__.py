"""Exports for the forum: XLSX, CSV, PDF, DOCX and JSON."""
