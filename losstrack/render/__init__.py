"""Views and figures into text: plain, csv, json, Rich tables, the news paragraph, charts."""
