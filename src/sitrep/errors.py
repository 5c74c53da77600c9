"""Every error Sitrep raises on purpose.

    SitrepError
    ├── ConfigError        a setting is missing or malformed
    ├── KnowledgeError     a knowledge-base file is malformed or inconsistent
    ├── IngestError        a document could not be read (unreadable, too big, wrong format)
    ├── ExtractError       a document could be read but not analysed
    ├── StoreError         the database refused or could not be reached
    └── ReportError        a bulletin could not be written

The CLI turns each into a one-line message and a non-zero exit code.
"""


class SitrepError(Exception):
    """Base of every error raised on purpose by Sitrep."""


class ConfigError(SitrepError):
    """A setting is missing or malformed."""


class KnowledgeError(SitrepError):
    """A knowledge-base file is malformed or inconsistent."""


class IngestError(SitrepError):
    """A document could not be read."""


class ExtractError(SitrepError):
    """A document was read but could not be analysed."""


class StoreError(SitrepError):
    """The database refused a write or could not be reached."""


class ReportError(SitrepError):
    """A bulletin could not be written."""


class ReviewError(SitrepError):
    """A review action that cannot be taken (unknown incident, merging an incident into itself)."""
