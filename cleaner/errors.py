"""Errors the package raises.  Every one derives from ``CleanerError`` (exported as
``cleaner.CleanerError``), so a library user catches one class."""


class CleanerError(Exception):
    """Base of every error ``cleaner`` raises on purpose."""


class InputError(CleanerError, ValueError):
    """Bad input (binary, empty, undecodable, too large, unreadable). Message is user-facing."""


class ConfigError(CleanerError, ValueError):
    """Invalid configuration (unknown key, bad value, unreadable rule file)."""


class FormatError(CleanerError, ValueError):
    """An unknown output format asked of ``render``."""


class DependencyError(CleanerError, ImportError):
    """An optional dependency (``cleaner[dask]``) is missing."""
