"""The project's toolbox: code every app may use that knows nothing of councils.

No models, and no imports of any app (tests/test_architecture.py enforces it):
spreadsheets and uploads, PDF rendering, dates, downloads, mail, client
addresses, error types. An AppConfig exists only so Django finds the template
filters under lib/templatetags.
"""
