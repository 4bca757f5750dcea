"""One module per command: analysis results -> a View (a titled list of records and notes)."""
