"""The bundled province and kabupaten/kota list: complete (38 provinces, 514 kabupaten/kota as of 2024), with
Kemendagri codes, the 2022 Papua provinces, and typed-name search."""

from __future__ import annotations

from collections import Counter

from bot.tips.regions import wilayah


def test_counts_are_those_of_indonesia_in_2024():
    data = wilayah()
    assert len(data.provinces) == 38
    assert data.regency_count == 514
    kinds = Counter("kota" if r.is_city else "kabupaten" for p in data.provinces for r in p.regencies)
    assert kinds == {"kabupaten": 416, "kota": 98}


def test_codes_are_unique_and_nested():
    data = wilayah()
    province_codes = [p.code for p in data.provinces]
    assert len(set(province_codes)) == 38
    regency_codes = [r.code for p in data.provinces for r in p.regencies]
    assert len(set(regency_codes)) == 514
    for province in data.provinces:
        assert len(province.code) == 2 and province.code.isdigit()
        for regency in province.regencies:
            assert regency.code.startswith(province.code) and len(regency.code) == 4
            assert regency.name.startswith(("Kabupaten ", "Kota "))
            # city codes are 71 and up, regency codes below
            assert (int(regency.code[2:]) >= 71) == regency.is_city
    names = [(p.code, r.name) for p in data.provinces for r in p.regencies]
    assert len(set(names)) == 514


def test_papua_after_the_2022_split():
    data = wilayah()
    expected = {
        "91": {"Kabupaten Jayapura", "Kabupaten Kepulauan Yapen", "Kabupaten Biak Numfor", "Kabupaten Sarmi",
               "Kabupaten Keerom", "Kabupaten Waropen", "Kabupaten Supiori", "Kabupaten Mamberamo Raya",
               "Kota Jayapura"},
        "92": {"Kabupaten Manokwari", "Kabupaten Fakfak", "Kabupaten Teluk Bintuni", "Kabupaten Teluk Wondama",
               "Kabupaten Kaimana", "Kabupaten Manokwari Selatan", "Kabupaten Pegunungan Arfak"},
        "93": {"Kabupaten Merauke", "Kabupaten Boven Digoel", "Kabupaten Mappi", "Kabupaten Asmat"},
        "94": {"Kabupaten Nabire", "Kabupaten Puncak Jaya", "Kabupaten Paniai", "Kabupaten Mimika",
               "Kabupaten Puncak", "Kabupaten Dogiyai", "Kabupaten Intan Jaya", "Kabupaten Deiyai"},
        "95": {"Kabupaten Jayawijaya", "Kabupaten Pegunungan Bintang", "Kabupaten Yahukimo", "Kabupaten Tolikara",
               "Kabupaten Mamberamo Tengah", "Kabupaten Yalimo", "Kabupaten Lanny Jaya", "Kabupaten Nduga"},
        "96": {"Kabupaten Sorong", "Kabupaten Sorong Selatan", "Kabupaten Raja Ampat", "Kabupaten Tambrauw",
               "Kabupaten Maybrat", "Kota Sorong"},
    }
    names = {"91": "Papua", "92": "Papua Barat", "93": "Papua Selatan", "94": "Papua Tengah",
             "95": "Papua Pegunungan", "96": "Papua Barat Daya"}
    for code, regencies in expected.items():
        province = data.province(code)
        assert province.name == names[code]
        assert {r.name for r in province.regencies} == regencies


def test_province_sizes_spot_check():
    data = wilayah()
    sizes = {p.name: len(p.regencies) for p in data.provinces}
    assert sizes["Jawa Timur"] == 38
    assert sizes["Jawa Barat"] == 27
    assert sizes["Jawa Tengah"] == 35
    assert sizes["Sumatera Utara"] == 33
    assert sizes["DKI Jakarta"] == 6
    assert sizes["Kalimantan Utara"] == 5


def test_typed_province_names():
    data = wilayah()
    assert [p.code for p in data.search_provinces("jabar")] == ["32"]
    assert [p.code for p in data.search_provinces("  Jawa   Barat ")] == ["32"]
    assert [p.code for p in data.search_provinces("jogja")] == ["34"]
    assert [p.code for p in data.search_provinces("Papua Barat Daya")] == ["96"]
    assert {p.code for p in data.search_provinces("papua")} == {"91"}  # exact name wins over "contains"
    assert len(data.search_provinces("sulawesi")) == 5
    assert data.search_provinces("atlantis") == []
    assert data.search_provinces("") == []


def test_typed_regency_names():
    data = wilayah()
    assert {r.name for r in data.search_regencies("32", "bandung")} == {"Kabupaten Bandung", "Kota Bandung"}
    assert [r.code for r in data.search_regencies("32", "kota bandung")] == ["3273"]
    assert [r.code for r in data.search_regencies("32", "Kab. Bandung")] == ["3204"]
    assert [r.code for r in data.search_regencies("32", "bandung barat")] == ["3217"]
    assert [r.code for r in data.search_regencies("31", "jakarta selatan")] == ["3174"]
    assert [r.code for r in data.search_regencies("72", "toli toli")] == ["7204"]
    assert data.search_regencies("32", "surabaya") == []  # not in Jawa Barat
    assert data.search_regencies("99", "bandung") == []
