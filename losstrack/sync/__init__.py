"""The one stage that fetches and writes: update, paste, comparison with another source."""
