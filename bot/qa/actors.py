"""Who a question is about: the asker, a relative of theirs, or someone the ASN rules do not cover.

The normaliser (bot/qa/normalize.py) reads these off a question's mapped words into its Analysis; the decision
(bot/qa/decide.py) weighs them through `names_someone_else` and `about_someone_else`. They need word order,
which the matching tokens no longer have.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

from bot.qa.lexicon import Lexicon, fold

RELATIVE = "keluarga"  # the token every word for a relative maps to (lexicon `tokens`, facet `relation`)
KIN = frozenset({RELATIVE, "suamiistri"})  # relatives and spouses as mapped: "mertua ku", "bini gue" (see _owned)
_AS = frozenset({"sebagai", "selaku", "jadi"})  # "sebagai kades", "selaku polisi", "jadi TNI": who the asker is
# Words that may stand between a permission word and the one it is asked for: "boleh gak dia", "boleh kah ia",
# "boleh ndak buat dia" (normalised tokens).
_BEFORE_ACTOR = frozenset({"tidak", "kah", "buat", "untuk", "juga", "masih"})


class Actors:
    """The readings of one lexicon's actor words (first person, third person, other actors, directing verbs)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def asks_for_other(self, mapped: list[str], text: str) -> bool:
        """A permission word followed by he/she/they ("boleh gak dia ...", "bolehkah ia ...", "boleh ndak buat
        dia?"), or a sentence that opens with them (see _subject_asks): the question is what that person may do. Not
        the other order: in "kampanye dia boleh?" or "coblos dia boleh kan?" the pronoun is the candidate the asker
        campaigns or votes for (tuning pool, round 13)."""
        lex = self.lexicon
        following = ([w for w in mapped[i + 1:i + 4] if w not in _BEFORE_ACTOR]
                     for i, word in enumerate(mapped) if word in lex.permission)
        return (any(after and after[0] in lex.third_person for after in following)
                or bool(self._subject_asks(fold(text))))  # the text is folded only when the words did not tell

    @cached_property
    def _subject_asks(self) -> Callable[[str], re.Match[str] | None]:
        """A sentence that opens with he/she and a may word ("ponakan pengurus partai, dia boleh pasang bendera?",
        "dia masih boleh nyaleg?"): the permission asked is theirs. Only at a sentence's start: in "kampanye dia
        boleh?" the pronoun is the candidate."""
        lex = self.lexicon
        alternatives = "|".join(sorted(map(re.escape, lex.third_person)))
        may = "|".join(sorted(map(re.escape, lex.may_words)))
        return re.compile(rf"(?:^|[,.;:!?\n])\s*(?:{alternatives})\s+(?:\w+\s+)?(?:{may})\b").search

    def contestant_asks(self, mapped: list[str]) -> bool:
        """A contestant opens the question and a permission word follows within two words ("caleg boleh bagi
        sembako?", "tim kampanye boleh bawa anak-anak?"): the permission asked is the contestant's. Not "calon dewan
        nitip sembako, angsal?", whose may word comes last and asks what the asker may do with the parcels."""
        lex = self.lexicon
        return bool(mapped) and mapped[0] in lex.contestants and not lex.permission.isdisjoint(mapped[1:3])

    def asker_is_other(self, mapped: list[str]) -> bool:
        """An other_actors word right after a first-person word or "sebagai" ("saya polisi", "aku anggota TNI",
        "sebagai kades, ..."): the asker is someone the ASN rules do not cover. Not after a relative's "my" ("ipar ku
        anggota polisi", "mertua saya pensiunan TNI"): there the relative is the other (round 30: on the tuning pool
        of 446 files, 7 in-scope questions stop being about someone else, and 3 off-topic ones)."""
        return self._asker_named(mapped, self.lexicon.other_actors, _AS)

    def asker_is_asn(self, mapped: list[str]) -> bool:
        """A civil-servant word right after a first-person word that is not a relative's "my" ("saya pns", "aku
        guru"): the asker says they are the civil servant the rules bind."""
        return self._asker_named(mapped, self.lexicon.civil_servants)

    def _asker_named(self, mapped: list[str], named: frozenset[str], openers: frozenset[str] = frozenset()) -> bool:
        """A `named` word within two words after the asker's own first-person word (or one of `openers`)."""
        first = self.lexicon.first_person
        return any(not named.isdisjoint(mapped[i + 1:i + 3]) for i, word in enumerate(mapped)
                   if (word in first and not _owned(mapped, i)) or word in openers)

    def owner_only(self, mapped: list[str]) -> bool:
        """Every first-person word is a relative's "my" ("Kangmas kula kader partai", "kades di kampung bini gue"):
        the asker is not the one who acts. On the tuning pool (446 files) it makes 16 questions about someone else,
        all labelled `none`, and no in-scope one (round 30)."""
        places = [i for i, word in enumerate(mapped) if word in self.lexicon.first_person]
        return bool(places) and all(_owned(mapped, i) for i in places)

    def asker_is_asked(self, mapped: list[str]) -> bool:
        """A directing word before a first-person word ("keuchik minta saya bantu"): the asker is asked to act."""
        lex = self.lexicon
        return any(word in lex.directing and not lex.first_person.isdisjoint(mapped[i + 1:i + 3])
                   for i, word in enumerate(mapped))


# "we" in a question about a contestant is usually the onlookers ("caleg boleh bagi sembako ke jemaat? kita cuma
# heran"), not civil servants who act: it does not make the question the asker's (round 10, leave one file out).
ONLOOKERS = frozenset({"kita", "kami", "we"})
# "jadi timses caleg boleh?": a question that opens with becoming a contestant asks about the asker's own conduct.
BECOMING = frozenset({"jadi", "jd", "menjadi", "ikut", "masuk", "gabung"})


def names_someone_else(analysis: Any, lex: Any) -> bool:
    """The question names no civil servant, and names someone the ASN rules do not cover (polisi, kepala desa) who
    does not push the asker (see _pushed), or asks what a he or she may do ("boleh dia ...?"), or what a contestant
    who opens it may do ("caleg boleh pasang baliho di pohon?"). The pushed clause: in the pool (161 files) 9
    questions flip, all prohibited (round 16)."""
    words = set(analysis.tokens)
    if not words.isdisjoint(lex.civil_servants):
        return False
    if not words.isdisjoint(lex.other_actors):
        return not (_pushed(analysis, lex) or _acts_self(analysis, lex) or _owns_material(analysis, lex))
    if analysis.asks_for_other:
        return True  # "om sa caleg, boleh dia pasang baliho?": what the uncle may do
    return analysis.contestant_asks and _contestant_opens(analysis, lex)


def about_someone_else(analysis: Any, lex: Any) -> bool:
    """names_someone_else, or the question opens with a contestant, wherever its may word is ("calon dewan nitip
    sembako, angsal?"): the model's feature `other_actor`, not a veto (bot/qa/decide.py, `vetoed`)."""
    return names_someone_else(analysis, lex) or (
        set(analysis.tokens).isdisjoint(lex.civil_servants | lex.other_actors) and _contestant_opens(analysis, lex))


def _contestant_opens(analysis: Any, lex: Any) -> bool:
    """The question opens with a contestant and asks a permission, with no "saya", no "sendiri" and nobody pushed."""
    words = set(analysis.tokens)
    return (analysis.tokens[0] in lex.contestants and analysis.raw[0] not in BECOMING and analysis.asks_permission
            and "sendiri" not in words
            and (lex.first_person - ONLOOKERS).isdisjoint(analysis.raw)
            and not _pushed(analysis, lex))  # "calon DPD minta fotokopi KTP, bole kita kase?": the asker is asked


# Campaign material that an other-actors word right after it owns ("postingan kampanye pak kiai", "spanduk pak
# kiai", "kampanye lora"): that person is the candidate, not the one who acts.
MATERIAL = frozenset({"kampanye", "baliho", "posting", "akun", "foto", "fotobersama", "status", "stiker", "twibbon",
                      "atribut"})


def _owns_material(analysis: Any, lex: Any) -> bool:
    """Every other-actors word comes right after campaign material (MATERIAL), and none says that someone is not a
    civil servant ("bini awak jualan nasi kat kampanye, die bukan pns"): the question is what the asker may do with a
    candidate's post, banner or campaign (round 37, sets TF and TI: 9 in-scope questions of the tuning pool stop
    being about someone else, and no off-topic one)."""
    tokens = analysis.tokens
    return "bukanasn" not in tokens and all(
        i > 0 and tokens[i - 1] in MATERIAL for i, token in enumerate(tokens) if token in lex.other_actors)


def _pushed(analysis: Any, lex: Any) -> bool:
    """Someone else pushes the asker ("kades nyuruh saya antar kaos paslon", "sy diundang ke rumah kades"): a
    directing verb (lexicon `directing`) and a first-person word, and no he/she/they (lexicon `third_person`), which
    would make the question about what that other person does, unless the directing verb's object is the asker
    ("keuchik minta saya bantu ..., dia bilang ...")."""
    return analysis.asker_is_asked or (not lex.directing.isdisjoint(analysis.tokens)
                                       and not lex.first_person.isdisjoint(analysis.raw)
                                       and lex.third_person.isdisjoint(analysis.raw))


def _acts_self(analysis: Any, lex: Any) -> bool:
    """The asker speaks of their own conduct beside someone else ("kades menta abdi ngumpulkeun KTP", "ada artis
    nyanyi di kampanye, beta cuma mau nonton"): a first-person word that is not "we" the onlookers, no he/she/they,
    the asker does not name themself as the other ("saya polisi") and is not only a relative's owner ("mertua ku",
    Actors.owner_only). On the pooled out-of-fold answers (115 files), 12 more in-scope questions answered
    right, none wrong (round 14)."""
    return (not (lex.first_person - ONLOOKERS).isdisjoint(analysis.raw) and lex.third_person.isdisjoint(analysis.raw)
            and not analysis.asks_for_other and not analysis.asker_is_other and not analysis.asker_owns_only)


def _owned(mapped: list[str], place: int) -> bool:
    """The first-person word at `place` is a relative's "my" ("mertua ku", "bini gue", "anak isun")."""
    return place > 0 and mapped[place - 1] in KIN
