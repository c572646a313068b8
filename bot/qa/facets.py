"""Facets: what a question is about beyond its act (who, which direction, with or without what), as data.

Entries that differ by one facet ("hadir di kampanye pasangan" vs "hadir di kampanye", "bagi sembako" vs "terima
uang", "dengan atribut" vs "tanpa atribut") are close in every word-based score, so a score cannot tell them apart.
`knowledge/lexicon.yaml` lists each facet's values as normalised tokens (`facets:`). An entry takes a facet's value
when at least `ENTRY_SHARE` (or the facet's own `share`) of its phrasings use one of the value's tokens (and no other
value comes close). A question *contradicts* an entry when it names a different value of a facet the entry has, or,
for a facet with a `default` (the relation: the asker is the civil servant unless the question names someone else),
when it names no value at all and the entry's value is not the default. A facet `held_by` a verdict belongs to the
entries of that verdict alone: "sanksinya apa?" (facet `asks`) is answered by an explanation (the sanctions cards),
never directly by the card on the act. A contradicted entry is never answered directly.

Prohibited acts (`prohibited_acts:`): an `allowed` entry may answer a question only when every prohibited act the
question names is one its own phrasings name ("boleh ikut kampanye sebagai anggota partai?" must not get the
"ikut mencoblos" card). An act after a negation is not named ("cuma baca berita, gak share").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

ENTRY_SHARE = 0.3  # an entry has a facet value when this share of its phrasings use it
DOMINANCE = 2.0  # ...and when it is used at least this many times as often as the facet's next value
NEGATIONS = frozenset({"tidak", "tanpa"})  # the normaliser's tokens for every negation word (lexicon.yaml)
CANDIDACY = "nyalon"  # the prohibited act of running for office (lexicon `prohibited_acts`)


@dataclass(frozen=True)
class Facet:
    name: str
    values: Mapping[str, frozenset[str]]  # value -> tokens that name it
    default: str | None = None  # the value a question has when it names none
    held_by: str | None = None  # entries with this verdict hold every value, the others none (see FacetIndex)
    prevails: str | None = None  # the value that counts alone when a question names it beside others
    share: float = ENTRY_SHARE  # the share of an entry's phrasings that must name a value for it to have it

    def named(self, tokens: Iterable[str]) -> frozenset[str]:
        words = set(tokens)
        named = frozenset(value for value, names in self.values.items() if not names.isdisjoint(words))
        return frozenset({self.prevails}) if self.prevails in named else named


def parse_facets(data: object, where: str, problems: list[str]) -> tuple[Facet, ...]:
    """`facets:` from lexicon.yaml: {name: {default: value?, values: {value: [tokens]}}}."""
    if data is None:
        return ()
    if not isinstance(data, dict):
        problems.append(f"{where}: facets: must be a mapping of facet name -> values")
        return ()
    facets = []
    for name, spec in data.items():
        if name == "__line__":
            continue
        values = spec.get("values") if isinstance(spec, dict) else None
        if not isinstance(values, dict) or not all(
            isinstance(v, list) and v and all(isinstance(t, str) for t in v)
            for k, v in values.items() if k != "__line__"
        ):
            problems.append(f"{where}: facets.{name}: needs `values:` mapping each value to a list of tokens")
            continue
        default, held_by, prevails = spec.get("default"), spec.get("held_by"), spec.get("prevails")
        if not all(v is None or isinstance(v, str) for v in (default, held_by, prevails)):
            problems.append(f"{where}: facets.{name}: default, held_by and prevails must be value names or a verdict")
            continue
        share = spec.get("share", ENTRY_SHARE)
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
            problems.append(f"{where}: facets.{name}: share must be a number above 0 and at most 1")
            continue
        parsed = {str(k): frozenset(t.lower() for t in v) for k, v in values.items() if k != "__line__"}
        if prevails is not None and prevails not in parsed:
            problems.append(f"{where}: facets.{name}: prevails: {prevails} is not one of its values")
            continue
        facets.append(Facet(str(name), parsed, default, held_by, prevails, float(share)))
    return tuple(facets)


class FacetIndex:
    """Each entry's facet values, learnt from its phrasings' tokens."""

    def __init__(self, facets: Sequence[Facet], prohibited_acts: frozenset[str],
                 phrasings: Mapping[str, Sequence[frozenset[str]]], verdicts: Mapping[str, str] | None = None,
                 bridges: frozenset[str] = frozenset(), reporting: frozenset[str] = frozenset(),
                 hedges: frozenset[str] = frozenset(), posts: frozenset[str] = frozenset()) -> None:
        self.facets = tuple(facets)
        self.posts = posts
        self.deniers = NEGATIONS | hedges
        self.prohibited_acts = prohibited_acts
        self.bridges = bridges
        self.reporting = reporting
        self._reports: set[str] = set()  # entries about reporting someone else's breach (see unlicensed_acts)
        self._values: dict[str, dict[str, str]] = {}
        self._acts: dict[str, frozenset[str]] = {}
        for entry_id, token_sets in phrasings.items():
            values: dict[str, str] = {}
            for facet in self.facets:
                if facet.held_by is not None:
                    if (verdicts or {}).get(entry_id) == facet.held_by:
                        values[facet.name] = "*"  # every value: "hukumannya apa?" is what a sanctions card answers
                    continue
                # a phrasing that names two values counts for the one that prevails, as a question does
                named = [facet.named(tokens) for tokens in token_sets]
                counts = sorted(((sum(1 for n in named if value in n), value) for value in facet.values),
                                reverse=True)
                best, value = counts[0]
                runner_up = counts[1][0] if len(counts) > 1 else 0
                if best >= facet.share * len(token_sets) and best >= DOMINANCE * runner_up:
                    values[facet.name] = value
            self._values[entry_id] = values
            self._acts[entry_id] = frozenset(t for tokens in token_sets for t in tokens) & prohibited_acts
            if sum(1 for tokens in token_sets if not reporting.isdisjoint(tokens)) >= ENTRY_SHARE * len(token_sets):
                self._reports.add(entry_id)

    def values(self, entry_id: str) -> dict[str, str]:
        return self._values.get(entry_id, {})

    def acts(self, entry_id: str) -> frozenset[str]:
        """The prohibited acts the entry's phrasings name."""
        return self._acts.get(entry_id, frozenset())

    def named(self, tokens: Sequence[str]) -> tuple[frozenset[str], ...]:
        """The values of each facet the question names (pass to `conflicts` when checking several entries)."""
        words = set(tokens)
        return tuple(facet.named(words) for facet in self.facets)

    def conflicts(self, tokens: Sequence[str], entry_id: str,
                  named: tuple[frozenset[str], ...] | None = None) -> list[str]:
        """The facets on which the question contradicts the entry: "relation" when it names another value,
        "relation:sendiri" when it names none and the entry's value is not the default."""
        own = self._values.get(entry_id, {})
        out = []
        for facet, names in zip(self.facets, named or self.named(tokens), strict=True):
            # An entry that names no relation is about the asker's own conduct (the facet's default).
            value = own.get(facet.name, facet.default)
            if facet.held_by is not None:
                if names and value is None:
                    out.append(facet.name)  # "sanksinya apa?" asks what a card about the act itself does not say
                continue
            if value is None:
                continue
            if names and value not in names:
                # "ajak keluarga pilih calon" names a relative as the one being asked, not as the one acting: a
                # named relation contradicts only an entry about another relation, never one about the asker.
                if value != facet.default:
                    out.append(facet.name)
            elif not names and facet.default is not None and value != facet.default:
                out.append(f"{facet.name}:{facet.default}")  # implied: the question is about the asker
        return out

    def reports(self, tokens: Sequence[str], entry_id: str) -> bool:
        """A question about reporting, to an entry about reporting: the acts it names are the reported one's."""
        return entry_id in self._reports and not self.reporting.isdisjoint(tokens)

    def unlicensed_acts(self, tokens: Sequence[str], entry_id: str) -> frozenset[str]:
        """Prohibited acts the question names that the entry's phrasings never name. An act right after a negation
        is not named: "nonton debat, gak komen" and "tanpa partai" say the asker will not do it; nor after a
        negation and bridge words (lexicon `negation_bridges`: "tidak pernah komen", "tanpa logo partai"), nor after
        a hedge (lexicon `hedges`: "takut dikira memihak" fears how it looks; 16 `allowed` questions in the pool
        were vetoed by such a fear in round 29). Only the next act: in "tanpa atribut kampanye" the campaign is
        still there. A candidacy named beside a relative or spouse is theirs, not the asker's ("om gw nyaleg, boleh
        gw coblos dia?"). In a question about reporting, to an entry about reporting, the acts are the reported
        one's ("boleh lapor kabag yang pakai mobil dinas ke posko pemenangan?")."""
        if self.reports(tokens, entry_id):
            return frozenset()
        named = set()
        denied_post = False  # "tidak komentar share": "do not comment or share" denies both (round 39, VD)
        for i, token in enumerate(tokens):
            if token in self.prohibited_acts:
                before = i - 1
                while before >= 0 and tokens[before] in self.bridges:
                    before -= 1
                if before >= 0 and tokens[before] in self.deniers or denied_post and token in self.posts:
                    denied_post = token in self.posts
                    continue
                named.add(token)
            denied_post = False
        if CANDIDACY in named and any(names and f.default is not None and f.default not in names
                                      for f, names in zip(self.facets, self.named(tokens), strict=True)):
            named.discard(CANDIDACY)
        return frozenset(named) - self.acts(entry_id)
