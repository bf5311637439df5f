"""Build tools for the course: documents, packages and checks made from the book and its data.

Not part of the scorer library: these run on a build machine (CPython) and may use C extensions,
so nothing in `ict4d_training` imports them. Each tool is a module run with `python -m`.
"""
