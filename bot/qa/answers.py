"""Turn a `Match` into what the terminal and the JSON mode show (the Telegram handlers render their own HTML)."""

from __future__ import annotations

from typing import Any

from bot.qa.cards import render_card, render_title
from bot.qa.matcher import ANSWER, EMPTY, MAX_QUESTION_CHARS, OUTSIDE, SMALLTALK, SUGGEST, Match
from bot.qa.menus import numbered_text
from bot.texts import t


def answer_text(match: Match, language: str | None = None, *, numbered: bool = False) -> str:
    """The plain-text answer: a card, a list of choices, or an honest "I don't know"."""
    language = language or match.language
    if match.kind == ANSWER and match.entry:
        body = render_card(match.entry, language, as_html=False, limit=100_000)
        if match.related:
            also = "\n".join(f"- {render_title(e, language)} [{e.id}]" for e in match.related)
            body += f"\n\n{t('answer.related', language)}\n{also}"
    elif match.kind == SUGGEST and numbered:  # the terminal chat: a number picks one
        body = f"{t('suggest.header', language)}\n{numbered_text(match.suggestions, language)}"
    elif match.kind == SUGGEST:
        lines = [t("suggest.header", language)]
        lines.extend(f"- {render_title(entry, language)} [{entry.id}]" for entry in match.suggestions)
        body = "\n".join(lines)
    elif match.kind == OUTSIDE and match.scope:
        body = match.scope.text(language)
    elif match.kind == SMALLTALK:
        body = t("thanks" if match.smalltalk == "thanks" else "greeting", language)
    elif match.kind == EMPTY:
        body = t("empty", language)
    else:
        body = t("nomatch", language)
    if match.truncated:
        body = t("truncated", language, limit=MAX_QUESTION_CHARS) + "\n" + body
    return body


def answer_json(match: Match, language: str | None = None) -> dict[str, Any]:
    """The `ask --json` object. `verdict` and `entry` are set only for a confident answer."""
    entry = match.entry if match.kind == ANSWER else None
    return {
        "question": match.question,
        "verdict": entry.verdict if entry is not None else None,
        "entry": entry.id if entry is not None else None,
        "score": float(match.score),
        "suggestions": [e.id for e in match.suggestions],
        "answer": answer_text(match, language),
    }
