"""spaCy components, one per fact kind; importing this package registers their factories."""

from . import amounts, countries, dates, furniture, officials, projects, sentences  # noqa: F401
