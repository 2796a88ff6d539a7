"""Errors that mean "this input cannot be cleaned", reported as one line per file."""


class InputError(Exception):
    """Bad input (binary, empty, undecodable, too large, unreadable). Message is user-facing."""


class ConfigError(Exception):
    """Invalid configuration (unknown key, bad value, unreadable rule file)."""
