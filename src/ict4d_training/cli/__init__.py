"""The `ict4d-training` command line (a face): reads files, calls the core, prints and writes reports."""

from .main import app

__all__ = ["app"]
