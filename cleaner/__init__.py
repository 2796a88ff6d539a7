"""cleaner — strip boilerplate and spam from scraped articles, normalize Chinese script, write Markdown.

Library use::

    from cleaner import clean_text, Settings
    markdown = clean_text(page_text, Settings(script="hans"))
"""
from .document import Block, Document, Removal, Span
from .errors import CleanerError, ConfigError, InputError
from .pipeline import clean_bytes, clean_document, clean_file, clean_text
from .settings import Settings

__version__ = "0.1.0"
__all__ = ["Block", "CleanerError", "ConfigError", "Document", "InputError", "Removal", "Span", "Settings", "clean_bytes", "clean_document",
           "clean_file", "clean_text", "__version__"]
