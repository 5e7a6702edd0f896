"""Names the command line shares with the code below it, in a module that imports nothing, so
that `paramatlas --help` loads nothing heavy."""

from __future__ import annotations

# The package's version (pyproject.toml reads it from here; pages and downloads carry it).
VERSION = "0.1.0"

# The judge the IKP scripts use unless told otherwise (assumed for a run that names none).
DEFAULT_JUDGE = "google/gemini-3-flash-preview"
# The analysis pages whose numbers `paramatlas analysis NAME` prints.
ANALYSES = ("lambda", "anchors", "families", "hazards")
