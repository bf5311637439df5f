"""The pure core: parse, validate and score designs. No file or network I/O, no user interface.

Runs anywhere Python runs, Pyodide in a browser included. Imports nothing from `files` or the faces.
"""
