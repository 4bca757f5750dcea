"""Moved: import `run`, `golden` from tests/procs.py and `seed_dataset` from tests/fakes.py.

Kept only while test modules owned elsewhere (test_export*.py) still import from here; remove
it when they have moved.
"""

from .fakes import seed_dataset
from .procs import EXPECTED, golden, run

__all__ = ["EXPECTED", "golden", "run", "seed_dataset"]
