"""The tips key (where it may come from, what is refused), migrating a database written by the code before
encryption (tests/data/legacy_tips), and key rotation through `python -m bot rotate-key`."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from bot.__main__ import main
from bot.services import Services, load_sender_key
from bot.settings import Settings, TipsSettings
from bot.storage import open_database
from bot.tips.crypto import Cipher, DecryptError, KeyProblem, load_key
from bot.tips.service import TipsService, TipsUnavailable
from tests.support.constants import FIXTURE_KB
from tests.tips.conftest import TEST_KEY

LEGACY = Path(__file__).resolve().parents[1] / "data" / "legacy_tips"
LEGACY_TEXTS = ("Warisanlama", "Lamabudi", "Pertanyaan peninjau lama", "pukul tujuh", "legacy.example",
                "LegacyCam", "Draf Lama", "amplop berisi uang")


def legacy_copy(tmp_path: Path) -> Settings:
    shutil.copytree(LEGACY / "data", tmp_path / "data")
    return Settings(data_dir=tmp_path / "data", knowledge_dir=FIXTURE_KB, tip_secret="legacy-tip-secret")


def open_service(settings: Settings, matcher, key: str = TEST_KEY) -> TipsService:
    services = Services(settings=settings, matcher=matcher, db=open_database(settings.database_path),
                        sender_key=load_sender_key(settings))
    return TipsService(services, TipsSettings(status_delay_seconds=0, receipt_iterations=1000, key=key))


def every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_the_key_comes_from_the_environment_or_a_file_outside_the_data_directory(tmp_path):
    data = tmp_path / "data"
    assert load_key(TEST_KEY, None, data, False) == bytes.fromhex(TEST_KEY)
    with pytest.raises(KeyProblem, match="no tips key"):
        load_key(None, None, data, False)
    with pytest.raises(KeyProblem, match="64 hex digits"):
        load_key("not-a-key", None, data, False)
    outside = tmp_path / "keys" / "tips.key"
    assert main(["keygen", "--out", str(outside)]) == 0
    assert outside.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert len(load_key(None, outside, data, False)) == 32
    beside = data / "tips.key"
    data.mkdir()
    shutil.copy(outside, beside)
    with pytest.raises(KeyProblem, match="inside DATA_DIR"):
        load_key(None, beside, data, False)
    assert load_key(None, beside, data, True) == load_key(None, outside, data, False)  # the explicit opt-in


def test_without_a_key_the_tips_feature_does_not_start(settings, services, tmp_path, monkeypatch):
    monkeypatch.delenv("TIPS_KEY", raising=False)
    with pytest.raises(TipsUnavailable, match="no tips key"):
        TipsService(services, TipsSettings())
    beside = settings.data_dir / "tips.key"
    beside.write_text(TEST_KEY)
    with pytest.raises(TipsUnavailable, match="TIPS_KEY_IN_DATA_DIR"):
        TipsService(services, TipsSettings(key_file=beside))
    assert TipsService(services, TipsSettings(key_file=beside, key_in_data_dir=True)).store.count() == 0


def test_keygen_prints_a_fresh_key(capsys):
    assert main(["keygen"]) == 0
    first = capsys.readouterr().out.strip()
    assert main(["keygen"]) == 0
    second = capsys.readouterr().out.strip()
    assert len(bytes.fromhex(first)) == 32 and first != second


def test_a_database_from_the_old_code_is_encrypted_in_place(tmp_path, fixture_matcher):
    settings = legacy_copy(tmp_path)
    assert any(b"Warisanlama" in p.read_bytes() for p in every_file(settings.data_dir))  # plaintext before
    service = open_service(settings, fixture_matcher)
    code = (LEGACY / "code.txt").read_text().strip()
    tip = service.store.find_by_code(code)  # the receipt code still works
    assert tip is not None and tip.agency == "Kantor Kecamatan Warisanlama" and tip.accused_name == "Pak Lamabudi"
    texts = [e.text for e in service.store.events(tip.id) if e.kind in ("question", "reply")]
    assert texts == ["Pertanyaan peninjau lama: kapan persisnya?", "Jawaban pelapor lama: pukul tujuh malam."]
    photo, link = service.store.evidence_of(tip.id)
    assert link.url == "https://legacy.example/post/77"
    clean = service.evidence.read(photo.path)
    image = Image.open(io.BytesIO(clean))
    assert image.format == "JPEG" and not image.getexif() and b"LegacyCam" not in clean
    assert photo.sha256 == __import__("hashlib").sha256(clean).hexdigest()
    db = service.store.db
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "tip_quota" not in tables and db.execute("SELECT COUNT(*) FROM tip_drafts").fetchone()[0] == 0
    db.close()
    files = every_file(settings.data_dir)
    assert len([p for p in files if "/evidence/" in p.as_posix()]) == 1  # the plaintext original is gone
    for path in files:
        content = path.read_bytes()
        for text in LEGACY_TEXTS:
            assert text.encode() not in content, (text, path)
    # and opening it again changes nothing
    again = open_service(settings, fixture_matcher)
    assert again.store.find_by_code(code).description == tip.description


def test_rotate_key_re_encrypts_everything_and_the_old_key_no_longer_opens_it(tmp_path, fixture_matcher,
                                                                               monkeypatch, capsys):
    settings = legacy_copy(tmp_path)
    service = open_service(settings, fixture_matcher)
    code = (LEGACY / "code.txt").read_text().strip()
    draft = service.flow.new_draft(service.draft_key(42), "id")
    draft.data["agency"] = "Draf yang sedang berjalan"
    service.drafts.save(draft)
    service.store.db.close()
    new_key = tmp_path / "keys" / "tips-2.key"
    assert main(["keygen", "--out", str(new_key)]) == 0
    monkeypatch.chdir(tmp_path)
    for name, value in (("DATA_DIR", str(settings.data_dir)), ("TIPS_KEY", TEST_KEY),
                        ("TIP_SECRET", "legacy-tip-secret")):
        monkeypatch.setenv(name, value)
    assert main(["rotate-key", "--new-key-file", str(new_key)]) == 0
    assert "Re-encrypted" in capsys.readouterr().out
    # running it again (as after an interruption) finds everything done
    assert main(["rotate-key", "--new-key-file", str(new_key)]) == 0
    assert "Re-encrypted 0 values and 0 evidence files" in capsys.readouterr().out
    rotated = open_service(settings, fixture_matcher, key=new_key.read_text().strip())
    tip = rotated.store.find_by_code(code)
    assert tip.accused_name == "Pak Lamabudi"
    assert rotated.drafts.get(rotated.draft_key(42)).data["agency"] == "Draf yang sedang berjalan"
    photo, _link = rotated.store.evidence_of(tip.id)
    assert Image.open(io.BytesIO(rotated.evidence.read(photo.path))).format == "JPEG"
    old = Cipher(bytes.fromhex(TEST_KEY))
    with pytest.raises(DecryptError):
        old.open((settings.data_dir / photo.path).read_bytes(), "evidence-file:" + Path(photo.path).name)
    rotated.store.db.close()
    with pytest.raises(TipsUnavailable, match="does not open"):  # the old key opens nothing any more
        open_service(settings, fixture_matcher)


def test_rotate_key_refuses_to_run_beside_the_bot(tmp_path, fixture_matcher, monkeypatch, capsys):
    from bot.tips.rotate import hold_lock

    settings = legacy_copy(tmp_path)
    open_service(settings, fixture_matcher).store.db.close()
    new_key = tmp_path / "new.key"
    main(["keygen", "--out", str(new_key)])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TIPS_KEY", TEST_KEY)
    lock = hold_lock(settings.data_dir)  # what the running bot holds
    try:
        assert main(["rotate-key", "--new-key-file", str(new_key)]) == 1
        assert "running bot" in capsys.readouterr().err
    finally:
        lock.close()


def test_the_tips_key_settings_are_read_and_checked():
    from bot.settings import ConfigError

    tips = Settings.from_env({"TIPS_KEY_FILE": "/etc/netralbot/tips.key", "TIPS_KEY_IN_DATA_DIR": "yes",
                              "TIPS_RETENTION_OPEN_DAYS": "30"}, env_file=None).tips
    assert tips.key_file == Path("/etc/netralbot/tips.key") and tips.key_in_data_dir and tips.retention_open_days == 30
    assert TEST_KEY not in repr(Settings.from_env({"TIPS_KEY": TEST_KEY}, env_file=None))  # never in a repr or log
    with pytest.raises(ConfigError, match="TIPS_KEY_IN_DATA_DIR"):
        Settings.from_env({"TIPS_KEY_IN_DATA_DIR": "maybe"}, env_file=None)
    with pytest.raises(ConfigError, match="TIPS_RETENTION_OPEN_DAYS"):
        Settings.from_env({"TIPS_RETENTION_OPEN_DAYS": "0"}, env_file=None)


def test_starting_without_a_key_explains_and_offers_a_fresh_one_on_a_terminal(monkeypatch):
    import sys

    from bot.tips.keycli import explain_missing_key

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    shown = explain_missing_key("no tips key: set TIPS_KEY")
    assert "tips: OFF" in shown and "questions are still answered" in shown
    key = shown.split("TIPS_KEY=")[1].split()[0]
    assert len(bytes.fromhex(key)) == 32
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    logged = explain_missing_key("no tips key: set TIPS_KEY")
    assert "keygen" in logged and "TIPS_KEY=" not in logged  # a log keeps what it is given: no key in it
