"""cleaner — strip boilerplate and spam from scraped articles, normalize Chinese script, write Markdown.

Library use::

    import cleaner
    result = cleaner.clean(page_html, url="https://example.com/a", script="hans")
    result.markdown, result.metadata["date"], result.errors
"""
from .api import Result, clean
from .errors import ConfigError, InputError
from .document import Block, Document, Removal, Span
from .pipeline import clean_bytes, clean_document, clean_file, clean_text
from .settings import Settings

__version__ = "0.1.0"
__all__ = ["clean", "Result", "InputError", "ConfigError", "Block", "Document", "Removal", "Span", "Settings", "clean_bytes", "clean_document",
           "clean_file", "clean_text", "__version__"]
