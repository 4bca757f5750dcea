"""One module per upstream (API, GitHub, pasted report text) and the HTTP session they share.

Parsing is pure and free of requests; `http.py` holds the deadlines, retries, caps and origins.
"""
