"""See the bot's most common replies as a phone shows them: HTML chat bubbles, screenshotted by headless Chromium.

    python -m tests.support.render_cards                 # Indonesian, screenshots in build/cards/
    python -m tests.support.render_cards --lang en --out build/cards-en
    python -m tests.support.render_cards --no-screenshot # only the .html pages and the table (no Chromium needed)
    python -m tests.support.render_cards --expanded      # the quotes opened, as after a tap

The replies are real: each question (or button press) goes through the real handlers (`bot.app.build_application`
with the shipped knowledge base) into an in-memory Bot API (tests/support/recording.py), and the page shows the
text and the inline keyboard exactly as sent. The page imitates a Telegram client on a 390 px wide phone: the
expandable blockquote collapsed to its first three lines, buttons one line each and cut with "…" when too long, and
a dashed line where one phone screen (the chat area of a 390 x 844 phone) ends.

The table printed at the end gives, per reply, the characters outside the blockquote (what a reader sees before
expanding), the whole text, the longest button label, and the height of the bubble with its buttons in pixels.
Chromium: `apt-get install chromium` (Debian) or set CHROMIUM to its path. The test suite never needs it.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.recording import RecordingRequest, UpdateFactory, feed
from tests.support.telegram_html import visible_text

PHONE_WIDTH = 390
SCREEN_HEIGHT = 700  # the chat area of a 390 x 844 phone, between the header and the message field

# The six most common replies: the four most asked kinds of question (social media, campaign with attributes, a
# spouse who is a candidate, voting), "Maksud Anda...?" and the reply to a question the bot cannot answer.
# Each scene is (file name, the kind of reply wanted, questions to try in order): the first question that gets that
# kind from the current matcher is sent, so that a retuned matcher still shows all six kinds of reply.
SCENES = {
    "id": [
        ("1-media-sosial", "answer", ["boleh gak asn like postingan caleg di ig?"]),
        ("2-kampanye-atribut", "answer", ["pns ikut kampanye pakai kaos partai, boleh?"]),
        ("3-pasangan-calon", "answer", ["istri saya nyaleg, saya pns boleh ikut kampanyenya?"]),
        ("4-mencoblos", "answer", ["boleh pns nyoblos di tps?"]),
        ("5-maksud-anda", "suggest", ["asn foto calon", "pns medsos calon", "asn kampanye", "asn grup whatsapp"]),
        ("6-tidak-tahu", "none", ["asn grup whatsapp", "asn jadi relawan quick count lembaga survei?",
                                  "pns boleh jadi moderator debat kampus?"]),
    ],
    "en": [
        ("1-social-media", "answer", ["can a civil servant like a candidate's instagram post?"]),
        ("2-campaign-attributes", "answer", ["can a civil servant wear a party t-shirt at a campaign rally?"]),
        ("3-spouse-candidate", "answer",
         ["my wife is running for office, can I join her campaign as a civil servant?"]),
        ("4-voting", "answer", ["can civil servants vote?"]),
        ("5-did-you-mean", "suggest", ["civil servant and candidate photo", "civil servant campaign",
                                       "civil servant whatsapp group"]),
        ("6-no-answer", "none", ["civil servant whatsapp group", "can a civil servant answer an electability survey?"]),
    ],
}

_CSS = """
body { margin: 0; background: #8fb286; font: 16px/1.35 Roboto, "Liberation Sans", Arial, sans-serif,
       "Noto Color Emoji"; }
.chat { width: %(width)dpx; padding: 10px 0 14px; position: relative; }
.me { margin: 0 10px 8px auto; max-width: 300px; width: fit-content; background: #effdde; border-radius: 12px;
      padding: 6px 10px; white-space: pre-wrap; }
.bot { margin: 0 0 0 10px; width: 324px; }
.bot .bubble { width: fit-content; max-width: 100%%; box-sizing: border-box; }
.bubble { background: #fff; border-radius: 12px 12px 12px 4px; padding: 6px 10px 8px; white-space: pre-wrap;
          overflow-wrap: anywhere; box-shadow: 0 1px 1px rgba(0,0,0,.15); }
.bubble a { color: #168acd; text-decoration: none; }
.bubble blockquote { margin: 4px 0 2px; padding: 2px 22px 2px 9px; border-left: 3px solid #3a9fd8;
                     background: #e9f4fb; border-radius: 4px; position: relative; }
.bubble blockquote[expandable] { max-height: calc(3 * 1.35em); overflow: hidden; }
.bubble blockquote[expandable]::after { content: "⌄"; position: absolute; right: 6px; bottom: 0;
                                        color: #3a9fd8; font-weight: bold; }
.keyboard { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; }
.row { display: flex; gap: 4px; }
.button { flex: 1 1 0; min-width: 0; background: rgba(40, 70, 40, .45); color: #fff; border-radius: 8px;
          padding: 9px 6px; text-align: center; font-size: 15px; font-weight: 500; white-space: nowrap;
          overflow: hidden; text-overflow: ellipsis; }
.screen { position: absolute; left: 0; right: 0; top: %(screen)dpx; border-top: 2px dashed #c0392b; }
.screen span { position: absolute; right: 4px; top: -18px; color: #c0392b; font-size: 11px; }
"""


@dataclass
class Reply:
    name: str
    asked: str
    text: str
    buttons: list[list[str]]


def bubble_page(asked: str, text: str, buttons: list[list[str]], *, expanded: bool = False) -> str:
    """A chat page: the user's message, then the bot's HTML bubble and its inline keyboard."""
    rows = "".join(
        '<div class="row">' + "".join(f'<div class="button">{html.escape(label)}</div>' for label in row) + "</div>"
        for row in buttons
    )
    keyboard = f'<div class="keyboard">{rows}</div>' if rows else ""
    css = _CSS % {"width": PHONE_WIDTH, "screen": SCREEN_HEIGHT}
    if expanded:
        text = text.replace("<blockquote expandable>", "<blockquote>")
    # Telegram's HTML is a subset of HTML that browsers render as is (b, i, u, s, a, code, pre, blockquote).
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"
            f"<div class='chat' id='chat'><div class='me'>{html.escape(asked)}</div>"
            f"<div class='bot'><div class='bubble'>{text}</div>{keyboard}</div>"
            f"<div class='screen'><span>one phone screen</span></div></div>"
            "<script>var b = document.querySelector('.bot');"
            " document.title = b.offsetTop + b.offsetHeight + 14;</script></body></html>")


async def collect(language: str) -> list[Reply]:
    """Send each scene's question to the real bot (shipped knowledge base) and keep what it answered."""
    from bot.app import build_application, create_services
    from bot.settings import Settings

    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(token="123456:render-cards", data_dir=Path(data_dir),
                            tip_secret="render-cards-not-a-secret")
        recording, updates = RecordingRequest(), UpdateFactory()
        user = updates.user(first_name="Guru", language_code=language)
        services = create_services(settings)
        application = build_application(settings, services, request=recording, updater=False, rate_limiter=False)
        replies = []
        async with application:
            if language == "en":
                await feed(application, updates.command("/lang", "en", user=user))
            for name, kind, candidates in SCENES[language]:
                question = next((q for q in candidates if services.matcher.match(q).kind == kind), candidates[0])
                recording.clear()
                await feed(application, updates.text(question, user=user))
                call = recording.last("sendMessage")
                markup = call.params.get("reply_markup") or {}
                labels = [[b["text"] for b in row] for row in markup.get("inline_keyboard", [])]
                replies.append(Reply(name, question, call.params["text"], labels))
        services.db.close()
    return replies


def chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser") \
        or shutil.which("google-chrome")


def screenshot(browser: str, page: Path, png: Path) -> int:
    """Screenshot `page` at phone width and its full height; returns the height in pixels."""
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--force-device-scale-factor=2"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    start = dom.find("<title>") + len("<title>")
    height = int(dom[start:dom.find("</title>")] or 900)
    subprocess.run([*flags, f"--window-size={PHONE_WIDTH},{height}", f"--screenshot={png}", page.as_uri()],
                   capture_output=True, timeout=60, check=True)
    return height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("--out", type=Path, default=Path("build/cards"))
    parser.add_argument("--no-screenshot", action="store_true", help="write the pages only")
    parser.add_argument("--expanded", action="store_true", help="show the expandable quotes opened")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    browser = None if args.no_screenshot else chromium()
    if not args.no_screenshot and browser is None:
        print("Chromium not found (apt-get install chromium, or set CHROMIUM); writing the pages only.",
              file=sys.stderr)
    replies = asyncio.run(collect(args.lang))
    print(f"{'reply':24} {'visible':>7} {'total':>6} {'longest button':>14} {'height px':>9}")
    summary = []
    for reply in replies:
        page = args.out / f"{reply.name}.html"
        page.write_text(bubble_page(reply.asked, reply.text, reply.buttons, expanded=args.expanded),
                        encoding="utf-8")
        height = screenshot(browser, page, page.with_suffix(".png")) if browser else 0
        longest = max((len(label) for row in reply.buttons for label in row), default=0)
        visible = len(visible_text(reply.text))
        print(f"{reply.name:24} {visible:>7} {len(reply.text):>6} {longest:>14} {height or '-':>9}")
        summary.append({"reply": reply.name, "visible": visible, "total": len(reply.text), "longest_button": longest,
                        "height": height})
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print(f"\npages{' and screenshots' if browser else ''} in {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
