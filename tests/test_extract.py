"""`Extractor.extract_many` runs documents through the components a batch at a time
(`BatchedPipe`); the records must be those of one document at a time, in input order."""

from pathlib import Path

import pytest

from pipeline.components.base import BatchedPipe
from pipeline.extract import Document, Extractor

ROOT = Path(__file__).resolve().parent.parent


def test_every_component_pipes_in_batches(extractor):
    for name, component in extractor.nlp.pipeline:
        assert isinstance(component, BatchedPipe), name


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_batched_records_equal_one_at_a_time(extractor, batch_size):
    paths = sorted((ROOT / "corpus" / "dev").glob("*.txt"))[:7]
    documents = [Document(text=p.read_text(encoding="utf-8"), source=p.name) for p in paths]
    documents.insert(2, Document(text="", source="empty.txt"))
    alone = [extractor.extract(d.text, source=d.source).model_dump() for d in documents]
    batched = Extractor(batch_size=batch_size).extract_many(iter(documents))
    assert [r.model_dump() for r in batched] == alone
    assert [r["source"] for r in alone] == [d.source for d in documents]


def test_extraction_leaves_the_garbage_collector_as_it_found_it(extractor):
    import gc

    gc.collect()  # closes any extraction an earlier test dropped half-way (it would still hold its freeze)
    assert gc.get_freeze_count() == 0
    records = extractor.extract_many(Document(text=f"Text {i} about Ghana.", source=f"{i}") for i in range(5))
    first = next(records)
    assert gc.get_freeze_count() > 0  # while extracting, the pipeline is out of full collections' sight
    assert [first.source] + [r.source for r in records] == ["0", "1", "2", "3", "4"]
    assert gc.get_freeze_count() == 0
    extractor.extract("Ghana.")  # an abandoned generator unfreezes too
    assert gc.get_freeze_count() == 0
    gc.freeze()  # someone else's freeze is theirs: kept
    try:
        frozen = gc.get_freeze_count()
        list(extractor.extract_many([Document(text="Ghana.", source="x")]))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
