"""Who a question is about: the asker, a relative of theirs, or someone the ASN rules do not cover.

The normaliser (bot/qa/normalize.py) reads these off a question's mapped words into its Analysis; the decision
(bot/qa/decide.py, `_about_someone_else` and `_acts_self`) weighs them. They need word order, which the matching
tokens no longer have.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

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


def _owned(mapped: list[str], place: int) -> bool:
    """The first-person word at `place` is a relative's "my" ("mertua ku", "bini gue", "anak isun")."""
    return place > 0 and mapped[place - 1] in KIN
