"""Files: reading designs and other inputs from disk, walking folders, writing reports safely.

Built on the core; the faces (command line, widgets, book pages) call it, never the other way round.
"""
