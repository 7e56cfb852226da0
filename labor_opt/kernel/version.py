"""The package's version, in one place: shown by ``--version``, in error reports, pages and calendars."""

__version__ = "0.1.0"
