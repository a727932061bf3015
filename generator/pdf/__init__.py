"""Print-shop PDFs: a base page per board size, per-board parts overlaid, verified, cached."""
