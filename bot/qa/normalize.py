"""Normalisation of informal Indonesian (and some English) questions into comparable tokens.

The same pipeline runs over the knowledge base's phrasings when the index is built and over every user question,
so both sides meet in one vocabulary:

    lowercase, NFKC  ->  expand reduplication (apa2), fold repeated letters (bangettt)
    ->  multi-word phrases to one token (pegawai negeri sipil -> asn)
    ->  token map: slang, abbreviations, typos, English and synonyms (gak -> tidak, caleg -> calon)
    ->  affix stripping, accepted only when the stem is a known word (memasang -> pasang, ngeshare -> share)
    ->  in an English question, English inflections of listed words (attending -> attend, candidates -> candidate)
    ->  fuzzy correction of still-unknown words against the vocabulary (kampnye -> kampanye)
    ->  drop question framing (boleh, apakah, "gak boleh ya") and stopwords; other negation stays a feature.

All word lists live in `knowledge/lexicon.yaml` so content editors can extend them without touching Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.qa.actors import RELATIVE, Actors
from bot.qa.english import english_base, likes_a_post
from bot.qa.lexicon import Lexicon, fold
from bot.qa.sentences import mark_opening_negations, opening_negations

NEGATION = "tidak"
LIKES = frozenset({"like", "likes", "love", "loves"})  # English words for the social-media like (likes_a_post)
NEGATED_USE = frozenset({"pakai", "bawa"})  # "tidak pakai/bawa X" means "tanpa X" (see Normalizer._content)
_WORD_RE = re.compile(r"[a-z0-9]+")
_REDUP_RE = re.compile(r"\b([a-z]{2,})2\b")  # apa2 -> apa apa
_HYPHEN_REDUP_RE = re.compile(r"\b([a-z]{2,})-\1\b")  # kata-kata -> kata
_REPEAT_RE = re.compile(r"([a-z])\1{2,}")  # bangettt -> banget
_URL_RE = re.compile(r"https?://\S+|www\.\S+")
_MENTION_RE = re.compile(r"@(?:(kpu|bawaslu|bkn|dkpp)|\w)\w*")  # a mention is dropped, an election body's kept
# A form of address followed by punctuation or by "saya mau tanya" ("Bapak, saya ...", "mas sy mau nanya") is
# dropped, so that it cannot join the next word into a phrase such as "bapak saya" (a relative). Alone these words
# are stopwords anyway.
_VOCATIVE_RE = re.compile(
    r"\b(?:bapak|pak|ibu|bu|mas|mbak|bang|abang|kak|om|tante|min|admin|kang|akang|teh|teteh|uda|uni|lae|bli|mbok"
    r"|daeng|bung)(?:\s*[,!;:]|\s+(?=(?:saya|sy|aku|gw|gue|ane|aye|sa|beta|tiang|awak|ambo|kula|abdi|sayo)\s+"
    r"(?:(?:mau|ingin|izin|ijin|numpang|pengen|pgn|mo|minta)\s+)?(?:tanya|nanya|bertanya|nanyain|tny)))")
_TAG_RE = re.compile(r"</?[a-z][^>]{0,200}>")  # "<b>pns</b>": markup people paste is not part of the question


def clean(text: str) -> str:
    """The first, word-list-free step: fold case and accents, drop URLs and mentions, expand reduplication.

    Repeated letters (bangettt) are folded later, word by word, so that words such as "pppk" survive.
    """
    text = fold(text)
    text = _TAG_RE.sub(" ", text)
    text = _URL_RE.sub(" ", text)
    text = text.replace("\u2019", "'").replace("n't", " not").replace("'s ", " ")
    text = _MENTION_RE.sub(r" \1 ", text)
    text = _VOCATIVE_RE.sub(" ", text)
    text = _HYPHEN_REDUP_RE.sub(r"\1", text)
    text = _REDUP_RE.sub(r"\1 \1", text)
    return " ".join(_WORD_RE.findall(text))


BALLOT = "nomorcalon"  # a contestant's ballot number (Normalizer._ballot_numbers)
OTHER_ELECTION = "pemilihanlain"  # an election of another body: "pemilihan ketua OSIS" (Normalizer._other_election)
PARTIES = frozenset({"partai", "parpol"})  # "calon ketua (umum) partai" is a party post (row 13), not another body's
OLD_SPELLING = ("oe", "tj", "dj")  # pre-1972 spelling: "oentoek", "tjalon", "djadi" (Normalizer._modern_spelling)
OLD_SHARE = 8  # a message is in it when two words, and one word in OLD_SHARE, show it ("Keboen Sajoek" is a place)
AWARD_WINDOW = 3  # "pemilihan ASN teladan", "pemilihan guru PNS berprestasi": words from an electing word to an award
COMPARISON_BRIDGES = 3  # "kaya yang buat suami istri": words between a comparison and the spouse it names
COMPARED_JOINERS = frozenset({"dan", "atau", "and", "or", "sama", "ama"})  # "kayak polisi dan tentara"
SAME_AS = frozenset({"dengan", "dgn", "halnya"})  # "sama dengan TNI" compares; "sama" alone is "with" ("sama suami")
MAY_WINDOW = 3  # words between a may word and the act it asks about ("boleh gak saya laporin")
FILING = frozenset({"buat", "bikin", "membuat", "kirim", "mengirim", "ajukan", "mengajukan", "sampaikan", "masukkan"})


@dataclass(frozen=True)
class Analysis:
    """What the normaliser made of one text."""

    tokens: tuple[str, ...]  # content tokens for matching (framing and stopwords removed)
    raw: tuple[str, ...]  # cleaned words before any mapping
    smalltalk: str | None  # "greeting" or "thanks" when the text contains such words
    language: str  # "id" or "en", a guess from the words used
    asks_permission: bool = False  # "boleh", "melanggar", "kena", "bisa"...: about what may be done, not what is
    asks_for_other: bool = False  # "boleh dia pasang baliho?": the permission asked is a he's or she's
    asker_is_other: bool = False  # "saya polisi", "sebagai TNI": the asker names themself as an other_actors word
    asker_is_asked: bool = False  # "keuchik minta saya bantu", "dia ajak saya": someone directs the asker
    asker_owns_only: bool = False  # "kades di kampung mertua ku": every "I" only says whose relative it is
    asker_is_asn: bool = False  # "saya pns", "aku guru": the asker names themself a civil servant
    contestant_asks: bool = False  # "caleg boleh pasang baliho?": a contestant opens, a may word follows


class Normalizer:
    """Turns text into matching tokens. Build once; `vocabulary` makes affix stripping and typo fixing possible."""

    def __init__(self, lexicon: Lexicon, vocabulary: Iterable[str] = ()) -> None:
        self.lexicon = lexicon
        self.actors = Actors(lexicon)  # who the question is about (bot/qa/actors.py)
        self._roots = set(lexicon.roots)
        self._compared_words = lexicon.spouse_words | lexicon.compared_actors  # see _compared
        self._opening_negation = opening_negations(lexicon.negations)  # see analyse
        self._posts = lexicon.posts  # built once: it is read for every negation of every message
        self._vocabulary: frozenset[str] = frozenset()
        self._choices: list[str] = []
        self.set_vocabulary(vocabulary)

    def set_vocabulary(self, vocabulary: Iterable[str]) -> None:
        """Words the typo fixer may correct towards (the indexed phrasings' tokens)."""
        lex = self.lexicon
        self._vocabulary = frozenset(vocabulary) | lex.roots
        self._known = (
            self._vocabulary | lex.known | lex.stopwords | lex.framing | lex.negations | lex.greetings | lex.thanks
            | frozenset(lex.tokens.values()) | frozenset(lex.phrases.values())
            | lex.first_person | lex.third_person  # pronouns are words, not typos ("dorang" is not "dorong")
        )
        self._stem_targets = (self._vocabulary | lex.tokens.keys()) - lex.stopwords
        self._choices = sorted(w for w in self._vocabulary if len(w) >= 5)
        self._by_initial: dict[str, list[str]] = {}
        for word in self._choices:
            self._by_initial.setdefault(word[0], []).append(word)
        self._correct.cache_clear()
        self._stem.cache_clear()
        self._word.cache_clear()

    def learn(self, phrasings: list[str]) -> list[tuple[str, ...]]:
        """The knowledge base's phrasings as tokens, in two passes: the first teaches the normaliser the words the
        phrasings use, so that the second can strip affixes and fix typos towards them, as it will for questions."""
        self.set_vocabulary(w for text in phrasings for w in clean(text).split())
        self.set_vocabulary(t for text in phrasings for t in self.tokens(text))
        return [self.tokens(text) for text in phrasings]

    # -- the pipeline -------------------------------------------------------------------------------------

    def analyse(self, text: str) -> Analysis:
        text = mark_opening_negations(text, self._opening_negation,
                                      lambda word: not self._posts.isdisjoint(self._word(fold(word))))
        raw = self._modern_spelling(clean(text))
        words = raw.split()
        mapped = self._map(raw)
        smalltalk = self._smalltalk(mapped)
        greeting_words = self.lexicon.greetings | self.lexicon.thanks
        tokens = self._content([w for w in mapped if w not in greeting_words])
        lex = self.lexicon
        if lex.defining.isdisjoint(words) and (
                smalltalk and lex.bot_subject.issuperset(tokens)
                or "bot" in words and lex.context.isdisjoint(set(tokens) - lex.bot_subject)):
            # "halo, ini bot netralitas ASN ya?" greets; it does not ask what neutrality is. Nor does a message that
            # speaks to the bot with nothing electoral besides ("riko bot netralitas asn ta?", "bot, bisa nyanyi?").
            tokens = []
        if not lex.where_words.isdisjoint(words):
            # "nglaporno PNS sing kampanye iku nang endi?": the where word is not next to the verb, so no phrase
            # catches it; the marker makes it the question the phrases would have made it.
            tokens += [marker for topic, marker in lex.asks_where.items() if topic in tokens and marker not in tokens]
        tokens += self._asks_may(words, tokens)
        if OTHER_ELECTION not in tokens and self._other_election(words):
            tokens.append(OTHER_ELECTION)
        asks_permission = not lex.permission.isdisjoint(mapped)
        actors = self.actors
        return Analysis(tokens=tuple(tokens), raw=tuple(words), smalltalk=smalltalk, language=self._language(words),
                        asks_permission=asks_permission,
                        asks_for_other=asks_permission and actors.asks_for_other(mapped, text),
                        asker_is_other=actors.asker_is_other(mapped), asker_is_asked=actors.asker_is_asked(mapped),
                        asker_owns_only=actors.owner_only(mapped), asker_is_asn=actors.asker_is_asn(mapped),
                        contestant_asks=asks_permission and actors.contestant_asks(mapped))

    def tokens(self, text: str) -> tuple[str, ...]:
        return self.analyse(text).tokens

    def _map(self, raw: str) -> list[str]:
        """Phrases, token map, affixes and typos: every word ends up in its canonical form."""
        lex = self.lexicon
        raw = lex.substitute_phrases(self._compared(self._ballot_numbers(raw)))
        out: list[str] = []
        words = raw.split()
        english = self._language(words, share=4) == "en"
        for i, word in enumerate(words):
            if word in lex.male_words and out and out[-1] == RELATIVE:
                continue  # "adik laki-laki", "ipar laki": a male relative, not a husband (Malay "laki")
            if english and word in LIKES and not likes_a_post(words, i, lex.social_acts, self._word):
                continue  # "vote like everyone else", "I'd like to", "my wife loves debates": not the act
            out.extend(self._word(word, english))
        # A second phrase pass catches phrases that only appear after mapping (e.g. "tim sukses" from "timses").
        out = lex.substitute_phrases(" ".join(out)).split()
        return out

    def _modern_spelling(self, raw: str) -> str:
        """Pre-1972 spelling ("saja soedah djadi tjalon"): a word with oe, tj or dj is respelt (oe u, tj c, dj j,
        then j y: "tjoetjoe" cucu, "djempol" jempol, "sjarat" syarat). When two different words in a message show
        it, and one word in OLD_SHARE, every word is respelt ("saja" saya, "kampanjenja" kampanyenya) unless only
        the old form is a word ("masjid"). English words ("does") and English messages are left alone."""
        if not any(m in raw for m in OLD_SPELLING):
            return raw  # almost every question: one scan of the text, not of each word
        words = raw.split()
        english = self.lexicon.english
        marked = {w for w in words if w not in english and any(m in w for m in OLD_SPELLING)}
        if not marked or self._language(words) == "en":
            return raw
        whole = len(marked) >= 2 and len(marked) * OLD_SHARE >= len(words)
        out = []
        for word in words:
            new = word.replace("dj", "\0").replace("tj", "c").replace("oe", "u").replace("j", "y").replace("\0", "j")
            out.append(new if word in marked or whole and (self._is_word(new) or not self._is_word(word)) else word)
        return " ".join(out)

    def _is_word(self, word: str) -> bool:
        """A word the lexicon maps or the normaliser knows as it stands."""
        return word in self.lexicon.tokens or word in self._known

    def _ballot_numbers(self, raw: str) -> str:
        """A ballot number ("coblos nomor 3", "paslon 02", "nomer loro") names one contestant, so the question
        takes a side, unlike row 5's call to vote "tanpa menyebut calon". The number becomes the token BALLOT, a
        prohibited act (lexicon `prohibited_acts`) that no entry names, so no `allowed` card answers it directly
        (decide.vetoed). Digits alone are dropped later, and "tiga" means nothing on its own."""
        words = raw.split()
        lex = self.lexicon
        if lex.ballot_numbers.isdisjoint(words):
            return raw
        for i in range(1, len(words)):
            if words[i] in lex.ballot_numbers and words[i - 1] in lex.numbered:
                words[i] = BALLOT
        return " ".join(words)

    def _other_election(self, words: list[str]) -> bool:
        """An electing word right before a post no Pemilu or Pilkada fills ("calon ketua IPSPI", "pilih rektor";
        lexicon `electing`, `other_posts`), unless a party follows the post ("calon ketua umum partai"), or shortly
        before an award ("pemilihan ASN teladan"; `awards`)."""
        lex = self.lexicon
        return any(words[i] in lex.electing
                   and (words[i + 1] in lex.other_posts and PARTIES.isdisjoint(words[i + 2:i + 5])
                        or not lex.awards.isdisjoint(words[i + 1:i + 1 + AWARD_WINDOW]))
                   for i in range(len(words) - 1))

    def _compared(self, raw: str) -> str:
        """A spouse named in a comparison ("ambil CLTN kayak istri caleg", "seperti kalau suami/istri yang maju")
        is not the one the question is about (correction C3: only a spouse may take CLTN to campaign), nor is the
        TNI or Polri in "pns gak punya hak pilih kayak tni?" (they do not vote; row 1), nor after "sama dengan" or
        "sama halnya" (SAME_AS): the comparison word, up to COMPARISON_BRIDGES bridge words and the compared words
        become "seperti"."""
        lex = self.lexicon
        words = raw.split()
        compared = self._compared_words
        if compared.isdisjoint(words) or (lex.comparisons.isdisjoint(words) and "sama" not in words):
            return raw
        out: list[str] = []
        i = 0
        while i < len(words):
            out.append(words[i])
            j = i + 1
            if words[i] in lex.comparisons or words[i] == "sama" and j < len(words) and words[j] in SAME_AS:
                while j < len(words) and j - i <= COMPARISON_BRIDGES and words[j] in lex.comparison_bridges:
                    j += 1
                if j < len(words) and words[j] in compared:
                    while j < len(words) and (words[j] in compared or words[j] in COMPARED_JOINERS
                                              and j + 1 < len(words) and words[j + 1] in compared):
                        j += 1
                    out[-1] = "seperti"
                    i = j
                    continue
            i += 1
        return " ".join(out)

    @lru_cache(maxsize=65536)  # noqa: B019 - a question's words are mostly the same few thousand
    def _word(self, word: str, english: bool = False) -> tuple[str, ...]:
        """One word's canonical token(s), before the second phrase pass."""
        lex = self.lexicon
        if not self._is_word(word):
            word = _REPEAT_RE.sub(r"\1", word)  # bangettt -> banget, but pppk stays pppk
        replacement = lex.english_tokens.get(word) if english else None
        if replacement is None:
            replacement = lex.tokens.get(word)
        if replacement is None:
            replacement = self._canonical(word, english)
        return tuple(replacement.split())

    def _canonical(self, word: str, english: bool = False) -> str:
        if word.isdigit():
            return word
        stem = self._stem(word)
        if stem != word:
            return self.lexicon.tokens.get(stem, stem)
        if word in self._known:
            return word
        if english and (base := english_base(word, self.lexicon.tokens)):
            return self.lexicon.tokens[base]
        fixed = self._correct(word)
        return self.lexicon.tokens.get(fixed, fixed)

    @lru_cache(maxsize=65536)  # noqa: B019 - one Normalizer lives for the whole process
    def _stem(self, word: str) -> str:
        """Strip affixes, but only when what remains is a known word; prefer the shortest such stem."""
        lex = self.lexicon
        if word in lex.protected or len(word) < 5:
            return word
        bases = {word}
        for particle in lex.particles:
            if word.endswith(particle) and len(word) - len(particle) >= 3:
                base = word[: -len(particle)]
                if base in lex.protected:
                    return base  # "pasangannya" is "pasangan", never "pasang"
                bases.add(base)
        for base in list(bases):
            for suffix in lex.suffixes:
                if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                    bases.add(base[: -len(suffix)])
        candidates = set(bases)
        for base in bases:
            for strip, add in lex.prefixes:
                if base.startswith(strip) and len(base) - len(strip) + len(add) >= 3:
                    candidates.add(add + base[len(strip) :])
        candidates.discard(word)
        # A stem of three letters must be a listed root: otherwise "sehat" would become the English "hat".
        found = [c for c in candidates if c in self._stem_targets and (len(c) >= 4 or c in self._roots)]
        if not found:
            return word
        # Prefer a listed root, then the shortest stem: "mengikuti" -> "ikut" rather than "ikuti".
        return min(found, key=lambda c: (c not in self._roots, len(c), c))

    @lru_cache(maxsize=65536)  # noqa: B019
    def _correct(self, word: str) -> str:
        """Fix a typo towards the vocabulary: one edit from six letters, two from ten.

        Short words are left alone and the first letter must agree: "agar" is not a typo of "pagar", nor
        "terang" of "serang", while "kampnye" and "partay" are typos of "kampanye" and "partai".
        """
        if len(word) < 6 or not self._choices:
            return word
        limit = 1 if len(word) < 10 else 2
        candidates = self._by_initial.get(word[0], [])
        best = process.extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=limit)
        return best[0] if best else word

    def _asks_may(self, words: list[str], tokens: list[str]) -> list[str]:
        """Markers (lexicon `asks_may`) for "may I do X?" when a may word (`may_words`, as typed) stands within
        MAY_WINDOW words of a word that contains X: "sa lapor boleh ka", "bole kah saya laporkan" ask whether one may
        report, which the act reported would otherwise outweigh. Not the passive ("kalau dilaporkan, boleh dipecat?"
        asks its cost), nor the noun unless filed ("laporan menumpuk" is paperwork; "bikin laporan", FILING, is not)."""
        lex = self.lexicon
        out = []
        for topic, marker in lex.asks_may.items():
            if topic not in tokens or marker in tokens:
                continue
            near = [i for i, w in enumerate(words) if topic in w and not w.startswith(("di", "ter")) and not (
                w.startswith(topic + "an") and (i == 0 or words[i - 1] not in FILING)) and not self._nobody(words, i)]
            if any(w in lex.may_words for i in near for w in words[max(0, i - MAY_WINDOW):i + MAY_WINDOW + 1]):
                out.append(marker)
        return out

    def _nobody(self, words: list[str], i: int) -> bool:
        """Nobody did words[i] ("kapus diam, toh tdk ada yg lapor. boleh?"): a negation, then "ada", just before it.
        Such a question asks nothing about doing it (round 36: TB's superior got the card on whether one may report)."""
        before = words[max(0, i - MAY_WINDOW):i]
        return any(a in self.lexicon.negations and b == "ada" for a, b in zip(before, before[1:], strict=False))

    def _smalltalk(self, words: list[str]) -> str | None:
        """ "thanks" or "greeting" when the message has such a word; the matcher decides whether the rest of the
        message is a real question ("halo, boleh pns ikut kampanye?") or only politeness ("makasih, membantu")."""
        lex = self.lexicon
        if any(w in lex.thanks for w in words):
            return "thanks"
        if any(w in lex.greetings for w in words):
            return "greeting"
        return None

    def _content(self, words: list[str]) -> list[str]:
        """Drop framing and stopwords. A negation next to framing ("gak boleh", "boleh gak") is framing too."""
        lex = self.lexicon
        out: list[str] = []
        for i, word in enumerate(words):
            if i and word in NEGATED_USE and out and out[-1] == "tanpa" and words[i - 1] in (NEGATION, "tanpa"):
                continue  # "tanpa atribut", not "tanpa bawa atribut": the verb would pull towards carrying it
            if word in lex.framing or word in lex.stopwords or word.isdigit():
                continue  # numbers ("paslon 2", "tahun 2024") say nothing about the activity
            if word == NEGATION:
                # Framing two words on denies nothing when the next word is a post-like act: "gak komen apa2" is
                # "tidak komentar" (round 38, UO), while "gak ya boleh" is framing.
                denies_act = i + 1 < len(words) and words[i + 1] in self._posts
                neighbours = words[max(0, i - 2) : i] + words[i + 1 : i + (2 if denies_act else 3)]
                if any(n in lex.framing for n in words[max(0, i - 2) : i]) or i == len(words) - 1:
                    continue  # "boleh gak pakai kaos partai?" asks about wearing it: the "gak" is framing
                if words[i + 1] in NEGATED_USE:
                    word = "tanpa"  # "datang gak pakai atribut" is "tanpa atribut"
                elif any(n in lex.framing for n in neighbours):
                    continue
            if word not in out or word in (NEGATION, "tanpa"):
                out.append(word)  # each negation stays: it denies the word after it ("gak like gak komen gak share")
        return out

    def _language(self, words: list[str], share: int = 2) -> str:
        """English when at least 1/share of the words (and two) are common English words. The reply's language asks
        for half; English inflections (see bot/qa/english.py) only for a quarter, since English questions carry
        Indonesian names and terms. On the pool (round 31) every word it changes is in an English question."""
        if not words:
            return "id"
        english = sum(1 for w in words if w in self.lexicon.english)
        return "en" if english >= 2 and english * share >= len(words) else "id"

