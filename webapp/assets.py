"""Versioned URLs for static files, so browsers may cache them for a year."""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for

YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _digest(path, mtime_ns):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename):
    """`/static/<filename>?v=<content hash>`: a changed file gets a new URL."""
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_digest(str(path), path.stat().st_mtime_ns))
