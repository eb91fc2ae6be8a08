import pytest

from pipeline.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One pipeline for the whole test session: building it reads every rule file."""
    return Extractor()
