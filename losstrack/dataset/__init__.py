"""The stored dataset: its schema, CSV read and write, files, lock, undo, the logs, the merge."""
