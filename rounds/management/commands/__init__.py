"""The management commands themselves, one module each (see rounds/management/__init__.py)."""
