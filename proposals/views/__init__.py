"""Pages of the proposals app, one module per concern (see proposals/urls.py)."""
