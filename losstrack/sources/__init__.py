"""One module per upstream: `fetch` does the I/O, `parse` turns bytes into records."""
