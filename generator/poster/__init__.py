"""Printable bulletin-board pages: layout arithmetic, HTML rendering, fit checking."""
