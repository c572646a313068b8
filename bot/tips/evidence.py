"""Evidence files on disk, encrypted: `<random>.<ext>` under `<data_dir>/evidence/`, each sealed with the tips key
(bot/tips/crypto.py) with its own name as associated data.

Files arrive here already cleaned of metadata (bot/tips/scrub.py); the SHA-256 recorded for reviewers is of those
cleaned bytes, and it is stored encrypted in the database, never in the file name: whoever holds the original photo
and a copy of the data directory cannot tell whether it was submitted. No original file names are kept either.
While a report is a draft, its files live in `evidence/drafts/<draft-id>/`; when the tip is submitted they are
hard-linked (or copied) into `evidence/<tip-id>/` before the tip's transaction commits, and the draft folder is
removed afterwards. Files are fsynced so that a tip acknowledged to the tipster keeps its evidence.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.tips.crypto import Cipher

# Extensions we keep for documents; anything else is refused (reviewers open these files).
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "image/heif": "heif",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "text/plain": "txt",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
ALLOWED_EXTENSIONS = frozenset(DOCUMENT_TYPES.values()) | {"jpeg"}

_SAFE_PART = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    relpath: str  # relative to the data directory, with forward slashes
    size: int
    ext: str


def extension_for(mime_type: str | None, file_name: str | None) -> str | None:
    """The extension we store a document under, or None when its type is not accepted."""
    if mime_type and mime_type.lower() in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[mime_type.lower()]
    if file_name and "." in file_name:
        ext = file_name.rsplit(".", 1)[1].lower()
        if ext in ALLOWED_EXTENSIONS:
            return "jpg" if ext == "jpeg" else ext
    return None


class EvidenceStore:
    def __init__(self, data_dir: Path | str, cipher: Cipher) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / "evidence"
        self.cipher = cipher

    def draft_dir(self, draft_id: str) -> Path:
        return self.root / "drafts" / _safe(draft_id)

    def tip_dir(self, tip_id: int) -> Path:
        return self.root / str(int(tip_id))

    def path(self, relpath: str) -> Path:
        path = (self.data_dir / relpath).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("evidence path outside the evidence directory")
        return path

    def save_draft_file(self, draft_id: str, data: bytes, ext: str) -> StoredFile:
        return self._save(self.draft_dir(draft_id), data, ext)

    def save_tip_file(self, tip_id: int, data: bytes, ext: str) -> StoredFile:
        return self._save(self.tip_dir(tip_id), data, ext)

    def _save(self, folder: Path, data: bytes, ext: str) -> StoredFile:
        if not re.fullmatch(r"[a-z0-9]{1,5}", ext):
            raise ValueError(f"bad extension {ext!r}")
        digest = hashlib.sha256(data).hexdigest()
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{secrets.token_hex(16)}.{ext}"
        write_atomically(target, self.cipher.seal(data, file_context(target.name)))
        return StoredFile(sha256=digest, relpath=self._rel(target), size=len(data), ext=ext)

    def adopt_draft_files(self, draft_id: str, tip_id: int, files: list[StoredFile]) -> list[StoredFile]:
        """Link the draft's files into the tip's folder (same content, new path); the draft folder stays until
        `remove_draft` so that a failed transaction loses nothing."""
        folder = self.tip_dir(tip_id)
        if folder.exists():  # left over from a transaction that never committed (ids are never reused otherwise)
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        adopted = []
        for stored in files:
            source = self.data_dir / stored.relpath
            target = folder / source.name
            if not target.exists():
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copyfile(source, target)
            adopted.append(StoredFile(stored.sha256, self._rel(target), stored.size, stored.ext))
        _fsync_dir(folder)
        return adopted

    def remove_draft(self, draft_id: str) -> None:
        shutil.rmtree(self.draft_dir(draft_id), ignore_errors=True)

    def remove_all_drafts(self) -> None:
        shutil.rmtree(self.root / "drafts", ignore_errors=True)

    def remove_tip(self, tip_id: int) -> None:
        shutil.rmtree(self.tip_dir(tip_id), ignore_errors=True)

    def read(self, relpath: str) -> bytes:
        """The cleaned bytes of a stored file (decrypted); OSError or DecryptError when it cannot be read."""
        path = self.path(relpath)
        return self.cipher.open(path.read_bytes(), file_context(path.name))

    def files(self) -> list[Path]:
        return [p for p in self.root.rglob("*") if p.is_file() and not p.name.endswith(".part")] \
            if self.root.exists() else []

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.data_dir).as_posix()


def file_context(name: str) -> str:
    """The associated data of a sealed evidence file: its own name, so files cannot be swapped unnoticed."""
    return f"evidence-file:{name}"


def write_atomically(target: Path, data: bytes) -> None:
    temporary = target.with_name(target.name + ".part")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    _fsync_dir(target.parent)


def _safe(part: str) -> str:
    if not _SAFE_PART.match(part):
        raise ValueError("unsafe folder name")
    return part


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
