"""Numbers typed into the tips feature (the category step of /lapor, /tip, /pertanyaan, /tips hal=, page buttons)
that `str.isdigit()` used to let through to `int()` or SQLite: each now gets the step's friendly answer and
changes nothing, and no error reaches the error handler."""

from __future__ import annotations

import pytest

from tests.tips.conftest import REVIEWER_ID
from tests.tips.helpers import Person, file_report

JUNK = ["²", "③", "①", "٣", "１", "0", "99999999999999999999", "-1", "+1", " 1²"]


@pytest.fixture
def errors(tips_app) -> list[BaseException]:
    seen: list[BaseException] = []

    async def spy(update, context) -> None:
        seen.append(context.error)

    tips_app.add_error_handler(spy)
    return seen


@pytest.fixture
def tipster(tips_app, recording, updates) -> Person:
    return Person(tips_app, recording, updates)


@pytest.fixture
def reviewer(tips_app, recording, updates) -> Person:
    return Person(tips_app, recording, updates, user=updates.user(REVIEWER_ID, first_name="Rina"))


def draft_step(app, person: Person) -> str:
    service = app.bot_data.tips
    return service.drafts.get(service.draft_key(person.user["id"])).step


@pytest.mark.parametrize("typed", JUNK)
async def test_the_category_step_explains_instead_of_crashing(tipster, tips_app, errors, typed):
    await tipster.command("/lapor")
    (answer,) = await tipster.send(typed)
    assert "Pilih jenis pelanggaran" in answer
    assert draft_step(tips_app, tipster) == "category" and errors == []
    await tipster.send("2")  # a plain number still chooses
    assert draft_step(tips_app, tipster) == "province"


async def test_reviewer_commands_answer_junk_numbers_with_their_usage(tipster, reviewer, tips_app, errors):
    await file_report(tipster, photo=None)
    for typed in JUNK + ["#²", "#99999999999999999999"]:
        (usage,) = await reviewer.command("/tip", typed)
        assert "/tip NOMOR" in usage or "tidak ada" in usage, typed
        (usage,) = await reviewer.command("/pertanyaan", typed, "Jam berapa kejadiannya?")
        assert "/pertanyaan NOMOR" in usage or "tidak ada" in usage, typed
        (listing,) = await reviewer.command("/tips", f"hal={typed}")
        assert "#1 · Diterima" in listing, typed
    assert tips_app.bot_data.tips.store.events(1)[-1].kind != "question"
    (asked,) = await reviewer.command("/pertanyaan", "#1", "Jam berapa kejadiannya?")
    assert "tersimpan" in asked
    assert errors == []


async def test_a_forged_page_button_is_expired_not_an_error(tipster, tips_app, errors):
    await tipster.command("/lapor")
    await tipster.press("Mengerahkan bawahan")
    nonce = tips_app.bot_data.tips.drafts.get(
        tips_app.bot_data.tips.draft_key(tipster.user["id"])).nonce
    for arg in ("²", "999", "1" * 12):
        alerts = await tipster.press_data(f"lp:{nonce}:pp:{arg}")
        assert alerts and "kedaluwarsa" in alerts[-1]
    assert draft_step(tips_app, tipster) == "province" and errors == []
