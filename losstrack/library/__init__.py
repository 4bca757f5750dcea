"""The public Python API behind `losstrack.load()` and the rest (imported lazily by the package)."""
