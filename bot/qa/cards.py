"""Render a knowledge entry as a verdict card: plain text for the terminal, HTML for Telegram.

The Telegram card is made for a phone (`phone_card`): the verdict, the one-line summary and the one or two key
conditions are visible (under VISIBLE_BUDGET characters), and the explanation, the other conditions, the legal basis,
the sanction and where to ask sit in an expandable blockquote (`<blockquote expandable>`), so that the buttons are one
short scroll away. The plain-text card for the terminal keeps everything in the open.

Every piece of YAML text is HTML-escaped before it goes into the HTML card, and the card is kept under Telegram's
4,096-character limit by shortening the explanation, never the verdict, basis or sanction.

Each legal-basis line names its instrument; the first time an instrument appears in a card the line also carries
its plain-words gloss from `knowledge/sources.yaml` and, where one is known, a link to the official text (an
`<a href>` in HTML, the address in parentheses in plain text). See `render_basis`.

Cards are cached: the same few dozen cards are sent again and again, and an entry (a frozen dataclass) is its own
cache key, so a card can never outlive a change to its entry's content.
"""

from __future__ import annotations

import functools
import html

from bot.qa.knowledge import Citation, Entry
from bot.texts import TELEGRAM_LIMIT, VERDICT_LABELS, format_date, t

CARD_CACHE_SIZE = 1024  # rendered cards kept (each a few kB); every entry in both languages, with room to spare


def verdict_label(verdict: str, language: str = "id") -> str:
    return VERDICT_LABELS.get(language, VERDICT_LABELS["id"])[verdict]


@functools.lru_cache(maxsize=CARD_CACHE_SIZE)
def render_card(entry: Entry, language: str = "id", *, as_html: bool = True, limit: int = TELEGRAM_LIMIT) -> str:
    """The card for `entry` in `language`: the phone card in HTML, or everything in plain text."""
    if as_html:
        return phone_card(entry, language, limit)
    card = _card(entry, language, as_html, entry.text(language).explanation)
    if len(card) <= limit:
        return card
    # Shorten only the explanation; the verdict, conditions, basis and sanction must always be shown.
    explanation = entry.text(language).explanation
    overflow = len(card) - limit + len(t("card.cut", language)) + 2
    shortened = explanation[: max(0, len(explanation) - overflow)].rstrip() + " " + t("card.cut", language)
    return _card(entry, language, as_html, shortened)[:limit]


def _card(entry: Entry, language: str, as_html: bool, explanation: str) -> str:
    text = entry.text(language)
    esc = (lambda s: html.escape(s, quote=False)) if as_html else (lambda s: s)
    bold = (lambda s: f"<b>{s}</b>") if as_html else (lambda s: s.upper() if s.isupper() else s)
    italic = (lambda s: f"<i>{s}</i>") if as_html else (lambda s: s)

    parts = [bold(esc(verdict_label(entry.verdict, language))), bold(esc(text.summary)), esc(explanation)]
    if entry.confidence == "low":
        parts.append(f"⚠️ {esc(t('card.low_confidence', language))}")
    if text.conditions:
        lines = "\n".join(f"• {esc(c)}" for c in text.conditions)
        parts.append(f"{bold(esc(t('card.conditions', language)))}:\n{lines}")
    if entry.basis:
        lines = "\n".join(f"• {line}" for line in render_basis(entry.basis, language, as_html=as_html))
        parts.append(f"{bold(esc(t('card.basis', language)))}:\n{lines}")
    if text.sanction:
        parts.append(f"{bold(esc(t('card.sanction', language)))}: {esc(text.sanction)}")
    parts.append(italic(esc(t("card.ask", language))))
    parts.append(italic(esc(t("card.reviewed", language, date=format_date(entry.reviewed, language)))))
    return "\n\n".join(parts)


def render_basis(basis: tuple[Citation, ...], language: str = "id", *, as_html: bool = True) -> list[str]:
    """One line per citation; the first citation of each instrument carries its gloss and link.

    HTML: `<a href="URL">PP 94/2021</a> Pasal 5 huruf n — peraturan disiplin PNS`, every part escaped (the URL with
    quotes too). Plain text: `PP 94/2021 Pasal 5 huruf n — peraturan disiplin PNS (URL)`. A later citation of the
    same instrument is just the instrument and article, linked in HTML.
    """
    seen: set[str] = set()
    lines = []
    for citation in basis:
        first = citation.instrument not in seen
        seen.add(citation.instrument)
        lines.append(render_citation(citation, language, as_html=as_html, first=first))
    return lines


def render_citation(citation: Citation, language: str = "id", *, as_html: bool = True, first: bool = True) -> str:
    """A legal-basis line: the citation, with the gloss (and in plain text the link) when `first`."""
    source = citation.source
    url = source.url if source is not None else None
    gloss = source.text(language) if source is not None and first else ""
    if not as_html:
        line = str(citation)
        if gloss:
            line += f" — {gloss}"
        if url and first:
            line += f" ({url})"
        return line
    name = html.escape(citation.instrument, quote=False)
    if url:
        name = f'<a href="{html.escape(url, quote=True)}">{name}</a>'
    line = f"{name} {html.escape(citation.article, quote=False)}".strip()
    if gloss:
        line += f" — {html.escape(gloss, quote=False)}"
    return line


def render_title(entry: Entry, language: str = "id") -> str:
    """A one-line title for buttons and lists: the verdict emoji and the summary."""
    emoji = verdict_label(entry.verdict, language).split()[0]
    return f"{emoji} {entry.text(language).summary}"


# -- the phone card -------------------------------------------------------------------------------------------------

VISIBLE_BUDGET = 600  # characters outside the blockquote: about one phone screen with the buttons
KEY_CONDITIONS = 2  # conditions shown outside the blockquote (the first ones: authors list the key ones first)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _bullets(items: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def phone_card(entry: Entry, language: str = "id", limit: int = TELEGRAM_LIMIT) -> str:
    """The Telegram card: the verdict, summary and key conditions visible, the rest in an expandable blockquote."""
    text = entry.text(language)
    visible = _visible_part(entry, language)
    shown = visible.count("\n• ")  # how many conditions are outside the blockquote
    card = visible + _details(entry, language, text.explanation, shown)
    if len(card) <= limit:
        return card
    # Shorten only the explanation; the verdict, conditions, basis and sanction must always be there.
    overflow = len(card) - limit + len(t("card.cut", language)) + 2
    explanation = text.explanation[: max(0, len(text.explanation) - overflow)].rstrip()
    return visible + _details(entry, language, f"{explanation} {t('card.cut', language)}", shown)


def _visible_part(entry: Entry, language: str) -> str:
    """Verdict, summary, up to KEY_CONDITIONS conditions (fewer if they would pass the budget), the low-confidence
    warning. Everything here is read before the user decides whether to expand the rest."""
    text = entry.text(language)
    head = f"<b>{_esc(verdict_label(entry.verdict, language))}</b>\n<b>{_esc(text.summary)}</b>"
    warning = f"\n\n⚠️ {_esc(t('card.low_confidence', language))}" if entry.confidence == "low" else ""
    conditions = [_esc(c) for c in text.conditions]
    for count in range(min(KEY_CONDITIONS, len(conditions)), 0, -1):
        key = "card.conditions" if count == len(conditions) else "card.key_conditions"
        block = f"\n\n<b>{_esc(t(key, language))}</b>:\n{_bullets(conditions[:count])}"
        if len(head) + len(block) + len(warning) <= VISIBLE_BUDGET or count == 1:
            return head + block + warning
    return head + warning


def _details(entry: Entry, language: str, explanation: str, shown_conditions: int) -> str:
    """The expandable blockquote: what is in it (so that the collapsed view says), the explanation, the other
    conditions, the legal basis, the sanction, where to ask and the review date."""
    text = entry.text(language)
    sections = [t("card.why", language)]
    parts = [_esc(explanation)]
    rest = [_esc(c) for c in text.conditions[shown_conditions:]]
    if rest:
        parts.append(f"<b>{_esc(t('card.more_conditions', language))}</b>:\n{_bullets(rest)}")
    if entry.basis:
        sections.append(t("card.basis", language).lower())
        parts.append(f"<b>{_esc(t('card.basis', language))}</b>:\n{_bullets(render_basis(entry.basis, language))}")
    if text.sanction:
        sections.append(t("card.sanction", language).lower())
        parts.append(f"<b>{_esc(t('card.sanction', language))}</b>: {_esc(text.sanction)}")
    parts.append(f"<i>{_esc(t('card.ask', language))}</i>\n"
                 f"<i>{_esc(t('card.reviewed', language, date=format_date(entry.reviewed, language)))}</i>")
    heading = f"<i>📖 {_esc(', '.join(sections))}</i>"  # one short line: the collapsed quote shows three
    return "\n<blockquote expandable>" + heading + "\n" + "\n\n".join(parts) + "</blockquote>"
