"""Check that a text is HTML that Telegram's parse_mode=HTML accepts: only its tags, balanced, entities escaped.

    assert_telegram_html(text)             raises AssertionError naming the problem
    check_sent_html(request_or_api)        runs it on every HTML sendMessage/editMessageText/... recorded so far,
                                           and checks every callback_data is at most 64 bytes
    visible_text(text)                     what a reader sees before expanding: the text outside every
                                           <blockquote expandable>, without tags, entities decoded
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler",
                "span", "blockquote", "tg-emoji"}
TEXT_LIMIT = 4096
_TAG_NAMES = "|".join(sorted(ALLOWED_TAGS, key=len, reverse=True))
_TAG_RE = re.compile(rf"</?(?:{_TAG_NAMES})(?:\s[^<>]*)?>")
_BARE_AMP_RE = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed by Telegram")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unbalanced </{tag}>")
        else:
            self.stack.pop()


def assert_telegram_html(text: str) -> None:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        checker.problems.append(f"unclosed tags {checker.stack}")
    # A bare "<" (or "&" that starts no entity) would also be refused by Telegram.
    stripped = _TAG_RE.sub("", text)
    if "<" in stripped or ">" in stripped:
        checker.problems.append("a bare '<' or '>' (unescaped user or YAML text?)")
    if _BARE_AMP_RE.search(stripped):
        checker.problems.append("a bare '&' (unescaped user or YAML text?)")
    assert not checker.problems, f"{checker.problems} in {text[:200]!r}"


_EXPANDABLE_RE = re.compile(r"<blockquote expandable>.*?</blockquote>", re.DOTALL)


def visible_text(text: str) -> str:
    """The text a Telegram client shows before the reader expands anything (the collapsed first lines of an
    expandable blockquote are a teaser, not counted)."""
    return html.unescape(_TAG_RE.sub("", _EXPANDABLE_RE.sub("", text)))


def _markup_data(markup: Any) -> list[str]:
    if not isinstance(markup, dict):
        return []
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row if "callback_data" in b]


def check_sent_html(recorder: Any) -> int:
    """Validate every HTML message recorded by a RecordingRequest or FakeBotAPI; returns how many were checked."""
    checked = 0
    for call in recorder.calls:
        params = call.params
        texts = []
        if params.get("parse_mode") == "HTML":
            texts.append(params.get("text") or params.get("caption") or "")
        for result in params.get("results") or []:
            content = result.get("input_message_content") or {}
            if content.get("parse_mode") == "HTML":
                texts.append(content.get("message_text", ""))
            for data in _markup_data(result.get("reply_markup")):
                assert len(data.encode()) <= 64, data
        for text in texts:
            assert len(text) <= TEXT_LIMIT, f"{call.method} text of {len(text)} characters"
            assert_telegram_html(text)
            checked += 1
        for data in _markup_data(params.get("reply_markup")):
            assert 1 <= len(data.encode()) <= 64, f"callback data {data!r}"
    return checked
