"""Fraud Hub: one shared system for a county's partners against fraud and scams."""
