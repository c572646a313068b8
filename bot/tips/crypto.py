"""Encryption at rest for everything a tip says, and the tips key that it needs.

Every value is sealed on its own with AES-256-GCM (the `cryptography` package's AEAD) under a fresh random 96-bit
nonce, with "where it belongs" (table, column and tip id, or a file's name) as associated data, so that a sealed value
cannot be moved to another column or another tip without the open failing. A sealed value starts with a 4-byte
magic and an 8-byte key id (a keyed hash of the key, not the key), so key rotation can tell which values it has done.

The key (32 random bytes, written as 64 hex digits) comes from `TIPS_KEY` or from the file `TIPS_KEY_FILE`; it is
never generated into DATA_DIR, and a key file inside DATA_DIR is refused unless the operator opts in with
`TIPS_KEY_IN_DATA_DIR=yes` (whoever copies the data directory would otherwise copy the key with it).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"NBE1"
KEY_ID_BYTES = 8
NONCE_BYTES = 12
HEADER = len(MAGIC) + KEY_ID_BYTES + NONCE_BYTES


class KeyProblem(Exception):
    """The tips key is missing, malformed or kept where it must not be. The message is one line for the operator."""


class DecryptError(Exception):
    """A sealed value could not be opened: another key, a moved value, or damaged bytes."""


def generate_key_text() -> str:
    return secrets.token_hex(32)


def parse_key(text: str, source: str) -> bytes:
    cleaned = "".join(text.split())
    try:
        key = bytes.fromhex(cleaned)
    except ValueError:
        raise KeyProblem(f"{source}: the tips key must be 64 hex digits (make one with `python -m bot keygen`)") \
            from None
    if len(key) != 32:
        raise KeyProblem(f"{source}: the tips key must be 64 hex digits (32 bytes), got {len(cleaned)} digits")
    return key


def inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def load_key(key_text: str | None, key_file: Path | None, data_dir: Path, allow_in_data_dir: bool) -> bytes:
    """The tips key from TIPS_KEY or TIPS_KEY_FILE. KeyProblem when neither is set, when the value is malformed,
    or when the key file lies inside DATA_DIR without the explicit opt-in."""
    if key_text:
        return parse_key(key_text, "TIPS_KEY")
    if key_file is None:
        raise KeyProblem("no tips key: set TIPS_KEY (or TIPS_KEY_FILE) to a key from `python -m bot keygen`")
    if inside(key_file, data_dir) and not allow_in_data_dir:
        raise KeyProblem(f"TIPS_KEY_FILE {key_file} is inside DATA_DIR ({data_dir}): whoever copies the data "
                         "directory would get the key too. Move it elsewhere, or set TIPS_KEY_IN_DATA_DIR=yes")
    try:
        text = key_file.read_text(encoding="ascii")
    except FileNotFoundError:
        raise KeyProblem(f"TIPS_KEY_FILE {key_file}: no such file (make one with "
                         f"`python -m bot keygen --out {key_file}`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(f"TIPS_KEY_FILE {key_file}: cannot read it ({type(exc).__name__})") from None
    return parse_key(text, f"TIPS_KEY_FILE {key_file}")


def write_key_file(path: Path, key_text: str) -> None:
    """Write a new key file readable by its owner only; never overwrites an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key_text + "\n")
        handle.flush()
        os.fsync(handle.fileno())


class Cipher:
    """Seals and opens values under one tips key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the tips key is 32 bytes")
        self._aead = AESGCM(key)
        self._key = key
        self.key_id = hmac.new(key, b"netralbot tips key id", hashlib.sha256).digest()[:KEY_ID_BYTES]

    def subkey(self, purpose: str) -> bytes:
        """A key for another purpose derived from this one (HMAC-SHA256 as a PRF)."""
        return hmac.new(self._key, f"netralbot tips subkey:{purpose}".encode(), hashlib.sha256).digest()

    def seal(self, plaintext: bytes, where: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return MAGIC + self.key_id + nonce + self._aead.encrypt(nonce, plaintext, where.encode())

    def open(self, sealed: bytes, where: str) -> bytes:
        if not is_sealed(sealed):
            raise DecryptError("not a sealed value")
        if sealed[len(MAGIC):len(MAGIC) + KEY_ID_BYTES] != self.key_id:
            raise DecryptError("sealed under another key")
        nonce = sealed[len(MAGIC) + KEY_ID_BYTES:HEADER]
        try:
            return self._aead.decrypt(nonce, sealed[HEADER:], where.encode())
        except InvalidTag:
            raise DecryptError(f"damaged or moved value ({where})") from None

    def owns(self, sealed: bytes) -> bool:
        return is_sealed(sealed) and sealed[len(MAGIC):len(MAGIC) + KEY_ID_BYTES] == self.key_id

    def seal_text(self, text: str | None, where: str) -> bytes | None:
        return None if text is None else self.seal(text.encode("utf-8"), where)

    def open_text(self, sealed: bytes | None, where: str) -> str | None:
        return None if sealed is None else self.open(bytes(sealed), where).decode("utf-8")


def is_sealed(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview)) and len(value) > HEADER and bytes(value[:4]) == MAGIC
