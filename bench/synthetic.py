"""Synthetic knowledge bases N times the shipped one's phrasings, for the scale benchmarks.

A synthetic entry copies a real entry's verdict, texts and citations under a new id, and gets new phrasings made by
splicing two real phrasings of the same language from *different* entries (the first part of one, the rest of
the other), so the padding has the real mix of phrasing lengths and is reproducible (same knowledge base and seed,
same padding). The real entries stay in, so the labelled questions still have their answers.

Vocabulary ("renamed" padding, the default). A real knowledge base ten or a hundred times larger would share the
domain's common words (asn, pns, calon, kampanye, boleh, ...) with today's entries but talk about new situations
with new words, and its vocabulary would grow roughly with the square root of its size (Heaps' law). So words used
by at least `COMMON_SHARE` of the real entries are kept as they are (their posting lists grow with the knowledge
base: the cost that matters for latency), and every other word of a synthetic entry is renamed to one of
round(sqrt(factor)) variants ("netralitas" -> "netralitasqc"). The suffix letters avoid the normaliser's affixes,
and a variant is three or more edits away from the original, so typo correction never lands on one by accident.

"splice" padding keeps the real words unchanged. It is a stress test of confusability rather than of scale: every
synthetic entry is half of one real situation and half of another, so the matcher (rightly) stops being sure.
"""

from __future__ import annotations

import dataclasses
import math
import random
from pathlib import Path
from typing import Any

import yaml

from bot.qa.knowledge import Entry, KnowledgeBase
from bot.qa.normalize import Lexicon, clean

SEED = 6  # issue 6
COMMON_SHARE = 0.2
PADDINGS = ("renamed", "splice")
_SUFFIX_LETTERS = "bcdfgjvwxz"  # no vowels, k, l, n, h, s, t: no Indonesian suffix or particle can end a variant


def phrasing_total(kb: KnowledgeBase) -> int:
    """Phrasings the matcher indexes: the entries' and the out-of-scope kinds'."""
    return sum(len(doc.phrasings) for doc in (*kb.entries, *getattr(kb, "scopes", ())))


def _splice(rng: random.Random, a: str, b: str) -> str:
    wa, wb = a.split(), b.split()
    cut_a = rng.randint(1, max(1, len(wa) - 1))
    cut_b = rng.randint(min(1, len(wb) - 1), max(1, len(wb) - 1))
    return " ".join(wa[:cut_a] + wb[cut_b:])


def common_words(kb: KnowledgeBase, lexicon: Lexicon | None = None, share: float = COMMON_SHARE) -> frozenset[str]:
    """Words a larger knowledge base would share with this one: those in the phrasings of at least `share` of the
    entries, and the lexicon's function words (stopwords, question framing, negations, greetings, thanks)."""
    counts: dict[str, int] = {}
    for entry in kb:
        for word in {w for q in entry.phrasings for w in clean(q).split()}:
            counts[word] = counts.get(word, 0) + 1
    common = {w for w, n in counts.items() if n >= share * len(kb)}
    if lexicon is not None:
        for words in (lexicon.stopwords, lexicon.framing, lexicon.negations, lexicon.greetings, lexicon.thanks):
            common.update(w for phrase in words for w in phrase.split())
    return frozenset(common)


def _variant_suffix(variant: int) -> str:
    letters = ""
    while True:
        variant, digit = divmod(variant, len(_SUFFIX_LETTERS))
        letters += _SUFFIX_LETTERS[digit]
        if not variant:
            return "q" + letters


def _rename(text: str, common: frozenset[str], suffix: str) -> str:
    return " ".join(w if w in common or w.isdigit() else w + suffix for w in clean(text).split())


def synthetic_kb(
    kb: KnowledgeBase, factor: int, lexicon: Lexicon | None = None, seed: int = SEED, padding: str = "renamed"
) -> KnowledgeBase:
    """The real entries plus synthetic ones, for `factor` times the real number of phrasings in total."""
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {PADDINGS}")
    if factor <= 1:
        return kb
    rng = random.Random(seed)
    real = list(kb.entries)
    common = common_words(kb, lexicon)
    variants = max(1, round(math.sqrt(factor)))
    pools = {
        "id": [(e.id, q) for e in real for q in e.id_text.questions],
        "en": [(e.id, q) for e in real for q in e.en_text.questions],
    }

    def phrasing(language: str) -> str:
        pool = pools[language] or pools["id"]
        first = rng.choice(pool)
        second = rng.choice(pool)
        for _ in range(8):  # two different entries, so the result is a new mix rather than a near-copy
            if second[0] != first[0]:
                break
            second = rng.choice(pool)
        return _splice(rng, first[1], second[1])

    missing = phrasing_total(kb) * (factor - 1)
    synthetic: list[Entry] = []
    number = 0
    while missing > 0:
        template = rng.choice(real)
        # Both languages need at least one phrasing, so the last entry may overshoot the total by one.
        n_id = max(1, min(len(template.id_text.questions), missing - 1))
        n_en = max(1, min(len(template.en_text.questions), missing - n_id))
        missing -= n_id + n_en
        number += 1
        id_questions = tuple(phrasing("id") for _ in range(n_id))
        en_questions = tuple(phrasing("en") for _ in range(n_en))
        if padding == "renamed":
            suffix = _variant_suffix(rng.randrange(variants) + 1)
            id_questions = tuple(_rename(q, common, suffix) for q in id_questions)
            en_questions = tuple(_rename(q, common, suffix) for q in en_questions)
        synthetic.append(
            dataclasses.replace(
                template,
                id=f"s{number:06d}-{template.id}"[:32].rstrip("-"),
                id_text=dataclasses.replace(template.id_text, questions=id_questions),
                en_text=dataclasses.replace(template.en_text, questions=en_questions),
                source=f"synthetic:{number}",
            )
        )
    # Synthetic entries go after the real ones of the same topic, as if appended to the topic files.
    order = {t.id: i for i, t in enumerate(kb.topics)}
    entries = sorted(real + synthetic, key=lambda e: order.get(e.topic, len(order)))
    return dataclasses.replace(kb, entries=tuple(entries))


def _text_block(text: Any, with_questions: bool = True) -> dict[str, Any]:
    block: dict[str, Any] = {"summary": text.summary, "explanation": text.explanation}
    if with_questions:
        block["questions"] = list(text.questions)
    if text.conditions:
        block["conditions"] = list(text.conditions)
    if text.sanction is not None:
        block["sanction"] = text.sanction
    return block


def entry_to_yaml(entry: Entry) -> dict[str, Any]:
    """The YAML mapping of one entry, in the shape knowledge/*.yaml uses."""
    data: dict[str, Any] = {
        "id": entry.id,
        "topic": entry.topic,
        "verdict": entry.verdict,
        "confidence": entry.confidence,
        "questions": list(entry.id_text.questions),
    }
    data.update({k: v for k, v in _text_block(entry.id_text).items() if k != "questions"})
    if entry.basis:
        data["basis"] = [{"instrument": c.instrument, "article": c.article} for c in entry.basis]
    data["reviewed"] = entry.reviewed
    data["en"] = _text_block(entry.en_text)
    return data


def write_knowledge_dir(kb: KnowledgeBase, source_dir: Path, target: Path) -> int:
    """Write `kb` as a knowledge directory: one file per topic; the other YAML files (topics, lexicon, out-of-scope
    kinds) copied from `source_dir`. Returns the bytes written for the topic files."""
    target.mkdir(parents=True, exist_ok=True)
    topic_files = {f"{t.id}.yaml" for t in kb.topics}
    for path in source_dir.glob("*.yaml"):
        if path.name not in topic_files:
            (target / path.name).write_bytes(path.read_bytes())
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for entry in kb:
        by_topic.setdefault(entry.topic, []).append(entry_to_yaml(entry))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    size = 0
    for topic, entries in by_topic.items():
        text = yaml.dump({"entries": entries}, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)
        path = target / f"{topic}.yaml"
        path.write_text(text, encoding="utf-8")
        size += path.stat().st_size
    return size
