"""`bounceback serve`: the dashboard in a web browser, on this machine only.

The server lives in `server.py` and needs the optional `web` extra (textual-serve); nothing
here imports it, so the rest of the package works without it.
"""
