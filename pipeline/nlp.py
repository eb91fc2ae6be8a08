"""Build the spaCy `Language`: the blank English tokenizer plus rule components.

Every component is registered with `@Language.factory`, takes its patterns and
gazetteers from `rules/` and serialises them with the pipeline. No statistical
model is loaded by default: the rules are what make the pipeline fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)
from .components.base import TextKeepingTokenizer

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

# Order matters: furniture first (others skip it), then values, then the people
# and projects that refer to them.
PIPE_NAMES = ("page_furniture", "sentences", "dates", "amounts", "countries", "officials", "projects")

# spaCy's English tokenizer exceptions that only say a whitespace character or an em
# dash is a token of its own, which the affix rules make it anyway. They are dropped
# because hitting any exception stops the tokenizer from caching the rest of that
# document's words (`has_special` in spaCy's tokenizer.pyx): after the first line
# break every word was split again with the prefix, suffix and infix regexes. Tokens
# stay identical (tests/test_tokenizer.py) and tokenizing gets about 4x faster.
REDUNDANT_EXCEPTIONS = frozenset({"\t", "\n", " ", "\\t", "\\n", "\u2014"})


def rules_dir(path: Optional[Path] = None) -> Path:
    found = Path(path or os.environ.get("PRESSFACTS_RULES") or DEFAULT_RULES_DIR)
    if not found.is_dir():
        raise FileNotFoundError(f"rules folder not found: {found}")
    return found


def build_nlp(path: Optional[Path] = None) -> Language:
    """The default pipeline. `path` (or $PRESSFACTS_RULES) overrides the rules folder."""
    folder = rules_dir(path)
    nlp = spacy.blank("en")
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k not in REDUNDANT_EXCEPTIONS}
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    # Press releases are short; this only guards against pathological inputs.
    nlp.max_length = 5_000_000
    for name in PIPE_NAMES:
        nlp.add_pipe(name, config={"rules": str(folder)})
    return nlp
