"""cleaner — strip boilerplate and spam from scraped articles, normalize Chinese script, write Markdown.

Library use::

    import cleaner
    result = cleaner.clean(page_html, url="https://example.com/a", script="hans")
    result.markdown, result.metadata["date"], result.errors
"""
from .api import Result, clean
from .document import Block, Document, Removal, Span
from .errors import CleanerError, ConfigError, InputError
from .pipeline import clean_bytes, clean_document, clean_file, clean_text
from .settings import Settings

__version__ = "0.1.0"
__all__ = ["clean", "Result", "Block", "CleanerError", "ConfigError", "Document", "InputError", "Removal", "Span", "Settings",
           "clean_bytes", "clean_document",
           "clean_file", "clean_text", "__version__"]
