from pathlib import Path

import pytest

from pipeline.extract import Extractor

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One pipeline for the whole test session: building it reads every rule file."""
    return Extractor()


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    """An output folder of `pressfacts run` over the seed press releases."""
    from pipeline.batch import RunOptions, run_batch

    out = tmp_path_factory.mktemp("seeds") / "out"
    summary = run_batch([str(p) for p in SEEDS], RunOptions(out_dir=out, progress=False))
    assert summary.errors == 0 and summary.documents == len(SEEDS)
    return out
