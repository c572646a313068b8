"""The lexicon: `knowledge/lexicon.yaml` loaded and checked, and its multi-word phrases substituted.

The word lists (phrases, token map, stopwords, affixes, facets, the lists the decision's rules read) are data, so
content editors extend them without touching Python; bot/qa/normalize.py applies them to text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from bot.qa.facets import Facet, parse_facets
from bot.qa.knowledge import KnowledgeError, load_yaml


@dataclass(frozen=True)
class Lexicon:
    phrases: dict[str, str]
    tokens: dict[str, str]
    stopwords: frozenset[str]
    framing: frozenset[str]
    negations: frozenset[str]
    roots: frozenset[str]
    protected: frozenset[str]
    known: frozenset[str]
    prefixes: tuple[tuple[str, str], ...]
    suffixes: tuple[str, ...]
    particles: tuple[str, ...]
    greetings: frozenset[str]
    thanks: frozenset[str]
    english: frozenset[str]
    context: frozenset[str]
    other_actors: frozenset[str]
    civil_servants: frozenset[str]
    permission: frozenset[str]
    facets: tuple[Facet, ...] = ()
    prohibited_acts: frozenset[str] = frozenset()
    negation_bridges: frozenset[str] = frozenset()  # tokens between a negation and the act it denies
    hedges: frozenset[str] = frozenset()  # "dikira", "dianggap": the act after one is a fear, not a deed
    reporting: frozenset[str] = frozenset()  # a question about reporting names the reported one's acts (facets.py)
    consequence: frozenset[str] = frozenset()  # asks what a breach costs (sanksi, pidana, pecat): decide.FEATURES
    quantity: frozenset[str] = frozenset()  # asks how many or how much (berapa): decide.FEATURES
    social_acts: frozenset[str] = frozenset()  # without a `context` word: nothing electoral (decide.vetoed)
    contestants: frozenset[str] = frozenset()  # with first_person: "caleg boleh ...?" is about someone else
    first_person: frozenset[str] = frozenset()  # raw words, as typed
    directing: frozenset[str] = frozenset()  # with first_person: "kades nyuruh saya ..." is about the asker
    third_person: frozenset[str] = frozenset()  # raw words, as typed
    where_words: frozenset[str] = frozenset()  # raw words, as typed: "mana", "endi", "where"
    english_tokens: dict[str, str] = field(default_factory=dict)  # in English messages, before `tokens`
    asks_where: dict[str, str] = field(default_factory=dict)  # with a where word anywhere: topic token -> marker
    may_words: frozenset[str] = frozenset()  # raw words, as typed: "boleh", "bole", "blh", "berhak"
    asks_may: dict[str, str] = field(default_factory=dict)  # with a may word next to it: topic token -> marker
    bot_subject: frozenset[str] = frozenset()  # with a greeting and alone: "halo, ini bot netralitas ASN?"
    defining: frozenset[str] = frozenset()  # raw words: "apa itu netralitas ASN?" asks for the explanation
    numbered: frozenset[str] = frozenset()  # raw words before a ballot number: "nomor", "paslon" ("paslon 02")
    ballot_numbers: frozenset[str] = frozenset()  # raw words: "1", "02", "tiga", "loro"; after `numbered`: a ballot
    electing: frozenset[str] = frozenset()  # raw words: "pemilihan", "calon"; then `other_posts`: another body's vote
    other_posts: frozenset[str] = frozenset()  # raw words: "ketua", "rektor"
    awards: frozenset[str] = frozenset()  # raw words: "teladan"; a few words after `electing`: another body's vote
    comparisons: frozenset[str] = frozenset()  # raw words: "kayak", "seperti"; then spouse or actor words
    comparison_bridges: frozenset[str] = frozenset()  # raw words between the two: "kalau", "yang"
    male_words: frozenset[str] = frozenset()  # raw words: "laki"; after a relative it says male, not husband
    spouse_words: frozenset[str] = frozenset()  # raw words: "istri", "suaminya", "wife"
    compared_actors: frozenset[str] = frozenset()  # raw words: "tni", "polisi"; in a comparison, dropped too
    # Built on first use by _index_phrases: (first word -> phrase lengths in words, spelling -> phrase).
    _phrase_index: tuple[dict[str, tuple[int, ...]], dict[str, str]] | None = field(default=None, compare=False,
                                                                                     repr=False)

    @property
    def posts(self) -> frozenset[str]:
        """Post-like acts: a negation before one denies it and the ones right after ("gak komen/share apa2")."""
        return self.social_acts | {"share"}

    @classmethod
    def load(cls, path: Path | str) -> Lexicon:
        path = Path(path)
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise KnowledgeError([f"{path.name}:1: expected a mapping of word lists"])
        problems: list[str] = []

        def words(name: str) -> frozenset[str]:
            value = data.get(name) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(f"{path.name}: {name}: must be a list of words (quote 'no', 'yes', 'on')")
                return frozenset()
            return frozenset(fold(v) for v in value)

        def mapping(name: str) -> dict[str, str]:
            value = data.get(name) or {}
            if not isinstance(value, dict):
                problems.append(f"{path.name}: {name}: must be a mapping of word: replacement")
                return {}
            result = {}
            for key, replacement in value.items():
                if key == "__line__":
                    continue
                if isinstance(key, bool) or isinstance(replacement, bool):
                    problems.append(f"{path.name}: {name}: quote words such as 'no', 'yes' and 'on' (YAML reads "
                                    "them as true/false)")
                    continue
                if replacement is None:
                    replacement = ""
                if not isinstance(replacement, str):
                    problems.append(f"{path.name}: {name}: {key!r}: the replacement must be text ('' drops it)")
                    continue
                result[fold(str(key))] = fold(replacement)
            return result

        affixes = data.get("affixes") or {}
        prefixes = []
        for rule in affixes.get("prefixes", []):
            if not isinstance(rule, str) or rule.count(">") > 1:
                problems.append(f"{path.name}: affixes.prefixes: {rule!r}: write 'strip' or 'strip>add'")
                continue
            strip, _, add = rule.partition(">")
            prefixes.append((strip.strip(), add.strip()))
        # Every word list and mapping field reads the lexicon.yaml key of its name; the affixes and facets are parsed
        # above and below.
        readers = {"frozenset[str]": words, "dict[str, str]": mapping}
        lists: dict[str, Any] = {f.name: readers[str(f.type)](f.name) for f in fields(cls) if str(f.type) in readers}
        lexicon = cls(**lists, prefixes=tuple(prefixes), suffixes=tuple(affixes.get("suffixes", [])),
                      particles=tuple(affixes.get("particles", [])),
                      facets=parse_facets(data.get("facets"), path.name, problems))
        if problems:
            raise KnowledgeError(problems)
        return lexicon

    def substitute_phrases(self, text: str) -> str:
        """Replace the lexicon's multi-word phrases in cleaned text ("pegawai negeri sipil" -> "asn").

        At each word, the longest phrase (in characters) that starts there wins, also with a possessive suffix on
        its last word ("anak buahnya" is "anak buah"); matching resumes after it. Looking phrases up by their
        first word is ~8x faster than one regular expression with hundreds of alternatives, which was the
        normaliser's largest cost (bench/README.md).
        """
        index, spellings = self._phrase_index or self._index_phrases()
        words = text.split()
        if index.keys().isdisjoint(words):
            return " ".join(words)
        out: list[str] = []
        i = 0
        while i < len(words):
            sizes = index.get(words[i])
            best: tuple[int, int, str] | None = None  # (characters, words, replacement)
            for size in sizes or ():
                if i + size > len(words):
                    continue
                phrase = spellings.get(" ".join(words[i:i + size]))
                if phrase is not None and (best is None or len(phrase) > best[0]):
                    best = (len(phrase), size, self.phrases[phrase])
            if best is None:
                out.append(words[i])
                i += 1
            else:
                out.append(best[2])
                i += best[1]
        return " ".join(out)

    def _index_phrases(self) -> tuple[dict[str, tuple[int, ...]], dict[str, str]]:
        """First word of each phrase (also with a possessive suffix, for one-word phrases) -> phrase lengths in
        words, longest first; and every spelling of a phrase (as listed, or with a possessive suffix on its last
        word) -> the phrase. A listed phrase wins over another one plus a suffix."""
        sizes: dict[str, set[int]] = {}
        spellings = {phrase: phrase for phrase in self.phrases}
        for phrase in self.phrases:
            words = phrase.split(" ")
            sizes.setdefault(words[0], set()).add(len(words))
            if len(words) == 1:
                for suffix in _POSSESSIVES:
                    sizes.setdefault(words[0] + suffix, set()).add(1)
            for suffix in _POSSESSIVES:
                spellings.setdefault(phrase + suffix, phrase)
        index = {word: tuple(sorted(n, reverse=True)) for word, n in sizes.items()}
        object.__setattr__(self, "_phrase_index", (index, spellings))
        return index, spellings


_POSSESSIVES = ("nya", "ku", "mu")


def fold(text: str) -> str:
    """Lowercase, NFKC-normalise and strip accents, keeping letters, digits and spaces."""
    if text.isascii():  # most questions: NFKC and accent stripping would change nothing
        return text.lower().strip()
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.strip()
