"""Command line: `python -m bot [run|ask|chat|check|eval]` (also installed as `netralbot`).

With no command it runs the Telegram bot when TELEGRAM_BOT_TOKEN is set, and otherwise starts the local
question-answering chat so that a newcomer sees it work at once.
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.numbers import parse_int
from bot.qa.knowledge import KnowledgeError
from bot.settings import ConfigError, Settings

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bot.qa.matcher import Matcher


def main(argv: list[str] | None = None) -> int:
    robust_stdio()
    try:
        return _main(argv)
    except BrokenPipeError:  # the reader went away (`ask --json < questions.txt | head -3`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the interpreter's final flush does not fail as well
        return 141  # what a shell reports for a process ended by SIGPIPE


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="netralbot", description="NetralBot: ASN neutrality Q&A and anonymous tips")
    parser.add_argument("--knowledge", type=Path, help="knowledge directory (default: KNOWLEDGE_DIR or ./knowledge)")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    ask = sub.add_parser("ask", help="answer one question; without one, read one question per line from stdin")
    ask.add_argument("question", nargs="*", help="the question (quote it)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--lang", choices=("id", "en"), help="answer language (default: guessed from the question)")
    chat = sub.add_parser("chat", help="ask questions interactively in the terminal")
    chat.add_argument("--lang", choices=("id", "en"), help="the chat's language (default: DEFAULT_LANGUAGE)")
    sub.add_parser("check", help="validate and lint the knowledge base")
    evaluate = sub.add_parser("eval", help="measure the answers on the labelled question sets, per set")
    evaluate.add_argument("--set", default="eval", help="eval, tune, all, or one set's name (default eval)")
    evaluate.add_argument("--data", type=Path, default=Path("tests/data"),
                          help="directory with sets.yaml and the question files (default ./tests/data)")
    evaluate.add_argument("--file", type=Path, help="a labelled YAML file instead of the manifest's sets")
    evaluate.add_argument("--errors", action="store_true", help="also list every question answered wrongly")
    fit = sub.add_parser("train", help="fit the decision model on the tuning sets (development; needs scikit-learn)")
    fit.add_argument("--data", type=Path, default=Path("tests/data"), help="directory with sets.yaml")
    fit.add_argument("--output", type=Path, help="directory for decision.json and examples.jsonl (default bot/qa/)")
    fit.add_argument("--per-file", action="store_true", help="only print leave-one-file-out rates; write nothing")
    unanswered = sub.add_parser("unanswered",
                                help="questions the bot could not answer, most asked first (from DATA_DIR)")
    unanswered.add_argument("--limit", type=int, default=50, help="how many to list (default 50)")
    feedback = sub.add_parser("feedback", help="questions that got a 👎, with the entry given and the one meant")
    feedback.add_argument("--limit", type=int, default=50, help="how many to list (default 50)")
    from bot.tips.keycli import add_commands as add_key_commands
    from bot.tips.keycli import run_command as run_key_command

    add_key_commands(sub)  # keygen, rotate-key
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env()
        knowledge_dir = args.knowledge or settings.knowledge_dir
        command = args.command or ("run" if settings.token else "chat")
        if command == "run":
            from bot.app import run_bot  # imported here: the Q&A commands must not need Telegram at all

            return run_bot(settings)
        if command == "check":
            return _check(knowledge_dir)
        if command == "unanswered":
            return _unanswered(settings, args.limit)
        if command == "feedback":
            return _feedback(settings, args.limit)
        if command in ("keygen", "rotate-key"):
            return run_key_command(args, settings)
        if command == "train":
            from bot.qa.train import main as train_main

            return train_main(knowledge_dir, args.data, args.output, args.per_file)
        matcher = _load_matcher(knowledge_dir)
        if command == "ask":
            question = valid_text(" ".join(args.question)) if args.question else None
            return _ask(matcher, question, args.json, args.lang)
        if command == "chat":
            return _chat(matcher, getattr(args, "lang", None) or settings.default_language)
        return _eval(matcher, args)
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print("The knowledge base has errors:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def robust_stdio() -> None:
    """Standard streams that never raise over an encoding: bytes on stdin that are not valid in its encoding
    are read as U+FFFD (never passed on raw), and what stdout or stderr cannot encode (a card's emoji on an
    ASCII terminal, PYTHONIOENCODING=ascii) is replaced rather than ending the program with an exception."""
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=errors)


def valid_text(text: str) -> str:
    """`text` with whatever was not valid UTF-8 (bytes that the OS layer smuggled in as lone surrogates, e.g.
    in a command-line argument) replaced by U+FFFD, so it can be matched, stored and printed anywhere."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def writes_utf8(stream: object) -> bool:
    """Whether `stream` encodes UTF-8 (else JSON goes out with \\u escapes, which any encoding can carry)."""
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


def _load_matcher(knowledge_dir: Path) -> Matcher:
    from bot.qa.matcher import Matcher

    return Matcher.from_directory(knowledge_dir)


def _ask(matcher: Matcher, question: str | None, as_json: bool, language: str | None) -> int:
    from bot.qa.answers import answer_json, answer_text

    questions: Iterable[str]
    if question is not None:
        questions = [question]
    elif sys.stdin is None or sys.stdin.isatty():
        print('Give a question, e.g. python -m bot ask "boleh PNS ikut kampanye?"', file=sys.stderr)
        return 2
    else:
        questions = (valid_text(line.rstrip("\n")) for line in sys.stdin)
    ascii_only = as_json and not writes_utf8(sys.stdout)
    for item in questions:
        if question is None and not as_json and not item.strip():
            continue  # blank lines between questions; JSON mode answers every line so output lines match input
        match = matcher.match(item)
        if as_json:
            print(json.dumps(answer_json(match, language), ensure_ascii=ascii_only), flush=True)
        else:
            print(answer_text(match, language), end="\n\n", flush=True)
    return 0


def _chat(matcher: Matcher, language: str = "id") -> int:
    """The terminal chat, in one language throughout (`language`): greeting, prompt, answers and cards."""
    from bot.qa.answers import answer_text
    from bot.texts import EXAMPLES, t

    first, second = EXAMPLES[language][:2]
    print(t("chat.welcome", language, entries=len(matcher.kb), first=first, second=second) + "\n")
    choices: tuple = ()
    while True:
        try:
            line = input(t("chat.prompt", language))
        except EOFError:
            print()
            return 0
        line = valid_text(line)
        text = line.strip()
        if text.lower() in ("keluar", "exit", "quit", "/keluar"):
            return 0
        number = parse_int(text, 1, len(choices))
        if number is not None:
            from bot.qa.cards import render_card

            print(render_card(choices[number - 1], language, as_html=False), end="\n\n")
            continue
        match = matcher.match(line)
        choices = match.suggestions
        print(answer_text(match, language, numbered=True), end="\n\n")


def _check(knowledge_dir: Path) -> int:
    from bot.qa.lint import lint
    from bot.qa.matcher import Matcher

    matcher = Matcher.from_directory(knowledge_dir)
    warnings = lint(matcher)
    for warning in warnings:
        print(f"warning: {warning}")
    kb = matcher.kb
    counts = {v: sum(1 for e in kb if e.verdict == v) for v in ("prohibited", "allowed", "conditional", "info")}
    print(f"{len(kb)} entries ({', '.join(f'{n} {v}' for v, n in counts.items())}), "
          f"{matcher.phrasing_count} phrasings, {len(kb.topics)} topics: "
          f"{'OK' if not warnings else f'{len(warnings)} warning(s)'}")
    return 0


def _unanswered(settings: Settings, limit: int) -> int:
    """What maintainers turn into new phrasings or entries, with the 👍/👎 counts beside it."""
    if not settings.database_path.exists():
        print(f"No database at {settings.database_path} yet: the bot has not run with this DATA_DIR.")
        return 0
    from bot.qa.feedback import FeedbackStore
    from bot.storage import open_database

    store = FeedbackStore(open_database(settings.database_path))
    rows = store.unanswered(limit=max(1, limit))
    print(f"{len(rows)} unanswered question(s), most asked first:")
    for row in rows:
        print(f"  {row['asked']:>4}x  best {row['best_score']:5.1f}  {row['question']}")
    votes = store.db.execute("SELECT entry_id, helpful, not_helpful FROM feedback ORDER BY not_helpful DESC").fetchall()
    if votes:
        print("\nfeedback per entry (👍 / 👎; the questions behind the 👎: python -m bot feedback):")
        for entry_id, helpful, not_helpful in votes:
            print(f"  {entry_id:32} {helpful:>5} / {not_helpful}")
    return 0


def _feedback(settings: Settings, limit: int) -> int:
    """The questions that got a 👎: the entry the bot gave and the one the user then chose (the loop that finds
    confident wrong cards)."""
    if not settings.database_path.exists():
        print(f"No database at {settings.database_path} yet: the bot has not run with this DATA_DIR.")
        return 0
    from bot.qa.feedback import NONE_FITS, NOT_CHOSEN, FeedbackStore
    from bot.storage import open_database

    rows = FeedbackStore(open_database(settings.database_path)).wrong_answers(limit=max(1, limit))
    print(f"{len(rows)} question(s) that got a 👎, most frequent first:")
    meant = {NOT_CHOSEN: "(no choice made)", NONE_FITS: "(none of the offered entries)"}
    for row in rows:
        question = row["question"] or "(question not known: a card opened from /topik, or older than two days)"
        print(f"  {row['times']:>4}x  {question}\n"
              f"         given: {row['given']}  ->  meant: {meant.get(row['chosen'], row['chosen'])}")
    return 0


def _eval(matcher: Matcher, args: argparse.Namespace) -> int:
    """The rates of every selected set, one line each; exit 1 when the evaluation sets (pooled) or a fresh set miss
    the bar."""
    from bot.qa.evaluate import HEADER, evaluate, load_manifest, load_questions, pooled, select

    if args.file:
        sets = [(args.file.stem, "file", load_questions(args.file))]
    else:
        try:
            chosen = select(load_manifest(args.data), args.set)
        except (OSError, ValueError) as exc:
            print(f"Cannot read the question sets: {exc}", file=sys.stderr)
            return 2
        sets = [(s.name, s.role, s.questions()) for s in chosen]
    reports = [(role, evaluate(matcher, questions, name)) for name, role, questions in sets]
    # The evaluation sets are judged together (see bot.qa.evaluate.pooled); a fresh set or a file, alone.
    evals = [r for role, r in reports if role == "eval"]
    gate = [pooled(evals, "evaluation sets pooled")] if len(evals) > 1 else evals
    if len(reports) == 1:
        print(reports[0][1].table())
    else:
        print(HEADER)
        for _, report in reports:
            print(report.line())
        if len(evals) > 1:
            print(gate[0].line())
    judged = gate + [r for role, r in reports if role in ("scored", "file")]
    failed = [f"{r.name}: {', '.join(r.failures())}" for r in judged if not r.passes]
    for line in failed:
        print(f"below the bar: {line}")
    if args.errors:
        for _, report in reports:
            print(f"\n{report.name}, wrong:")
            for question, expected, got, detail in report.wrong:
                print(f"  [{expected} -> {got}] {question}\n      {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
