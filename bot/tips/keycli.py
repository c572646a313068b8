"""Command-line tools for the tips key: `python -m bot keygen` and `python -m bot rotate-key`, and the message an
operator sees when the bot starts without a usable key (tips stay off; questions are still answered).

    python -m bot keygen --out /etc/netralbot/tips.key      # a new key, readable by its owner only
    python -m bot rotate-key --new-key-file /etc/netralbot/tips-2.key

Rotation reads the current key from TIPS_KEY / TIPS_KEY_FILE, re-encrypts everything under the new one, and then
tells the operator to point TIPS_KEY_FILE (or TIPS_KEY) at the new key and destroy the old one. Stop the bot first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.tips.crypto import generate_key_text, write_key_file


def add_commands(sub: Any) -> None:
    keygen = sub.add_parser("keygen", help="make a new tips encryption key (print it, or write it with --out)")
    keygen.add_argument("--out", type=Path, help="write the key to this new file (mode 0600) instead of printing it")
    rotate = sub.add_parser("rotate-key", help="re-encrypt every tip under a new key (stop the bot first)")
    rotate.add_argument("--new-key-file", type=Path, required=True, help="file with the new key (from keygen)")


def run_command(args: argparse.Namespace, settings: Any) -> int:
    if args.command == "keygen":
        return _keygen(args.out)
    return _rotate(settings, args.new_key_file)


def _keygen(out: Path | None) -> int:
    key = generate_key_text()
    if out is None:
        print(key)
        return 0
    try:
        write_key_file(out, key)
    except FileExistsError:
        print(f"{out} already exists; not overwriting a key", file=sys.stderr)
        return 1
    print(f"New tips key written to {out} (mode 0600). Set TIPS_KEY_FILE={out} and keep an offline copy: "
          "without it the tips cannot be read.")
    return 0


def _rotate(settings: Any, new_key_file: Path) -> int:
    from bot.storage import open_database
    from bot.tips.crypto import Cipher, DecryptError, KeyProblem, load_key
    from bot.tips.evidence import EvidenceStore
    from bot.tips.rotate import Busy, hold_lock, rotate
    from bot.tips.store import TipStore

    config = settings.tips
    data_dir = Path(settings.data_dir)
    try:
        old = Cipher(load_key(config.key, config.key_file, data_dir, config.key_in_data_dir))
        new = Cipher(load_key(None, new_key_file, data_dir, config.key_in_data_dir))
    except KeyProblem as exc:
        print(f"Key error: {exc}", file=sys.stderr)
        return 2
    if old.key_id == new.key_id:
        print("The new key is the same as the current one; nothing to do.", file=sys.stderr)
        return 2
    if not settings.database_path.exists():
        print(f"No database at {settings.database_path}: nothing to re-encrypt. Just use the new key.")
        return 0
    try:
        lock = hold_lock(data_dir)
    except Busy as exc:
        print(f"Cannot rotate: {exc}", file=sys.stderr)
        return 1
    db = open_database(settings.database_path)
    try:
        evidence = EvidenceStore(data_dir, old)
        if "tips_meta" not in db.table_names():  # from before encryption: encrypt it under the old key first
            TipStore(db, b"rotation", evidence)
        report = rotate(db, evidence, old, new)
    except DecryptError as exc:
        print(f"Cannot rotate: a value does not open with the current key ({exc}). Is TIPS_KEY the key the data "
              "was written with?", file=sys.stderr)
        return 1
    finally:
        db.close()
        lock.close()
    print(f"Re-encrypted {report.values} values and {report.files} evidence files under the new key"
          f" ({report.skipped} were already done).\nNow set TIPS_KEY_FILE={new_key_file} (or TIPS_KEY to its "
          "contents), start the bot, and destroy the old key. Backups made before today still need the old key.")
    return 0


def explain_missing_key(problem: str) -> str:
    """The start-up message when tips cannot start. A freshly generated key is shown only on a terminal: in a
    service's log it would be kept wherever the log goes."""
    lines = ["NetralBot tips: OFF (questions are still answered)", f"  reason: {problem}"]
    if problem.startswith("no tips key"):
        if sys.stderr.isatty():
            lines += ["  a new key, generated for you now and stored nowhere:", f"    TIPS_KEY={generate_key_text()}",
                      "  put it in the environment or .env (or in a file outside DATA_DIR named by TIPS_KEY_FILE),",
                      "  keep an offline copy, and start the bot again."]
        else:
            lines += ["  make one with `python -m bot keygen --out /path/outside/data/tips.key`, set",
                      "  TIPS_KEY_FILE to that path, and start the bot again."]
    return "\n".join(lines)
