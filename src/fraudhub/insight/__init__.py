"""Insight: what the reports say taken together (maps, trends, emerging scams, data
quality) and the intelligence handed to partners (STIX, MISP and CSV exports)."""
