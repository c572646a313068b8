"""Indonesia's provinces and kabupaten/kota, loaded once from `bot/tips/data/wilayah.yaml`.

The /lapor flow offers these as a paginated keyboard and accepts typed names as a fallback; `search_*` turn what
people type ("jabar", "kab bandung", "kota bdg"?) into candidates. Codes are Kemendagri's, without the dot
(province "32", regency "3273"), short enough for callback data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "wilayah.yaml"


@dataclass(frozen=True)
class Regency:
    code: str
    name: str
    province_code: str

    @property
    def is_city(self) -> bool:
        return self.name.startswith("Kota")

    @property
    def short_name(self) -> str:
        """The name without "Kabupaten"/"Kabupaten Administrasi", e.g. for a narrow button (keeps "Kota")."""
        for prefix in ("Kabupaten Administrasi ", "Kabupaten "):
            if self.name.startswith(prefix):
                return self.name[len(prefix):]
        return self.name.replace("Kota Administrasi ", "Kota ")


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    aliases: tuple[str, ...]
    regencies: tuple[Regency, ...]


class Wilayah:
    def __init__(self, provinces: list[Province]) -> None:
        self.provinces = tuple(provinces)
        self._provinces = {p.code: p for p in provinces}
        self._regencies = {r.code: r for p in provinces for r in p.regencies}

    def __len__(self) -> int:
        return len(self.provinces)

    def province(self, code: str) -> Province | None:
        return self._provinces.get(code)

    def regency(self, code: str) -> Regency | None:
        return self._regencies.get(code)

    @property
    def regency_count(self) -> int:
        return len(self._regencies)

    def search_provinces(self, text: str) -> list[Province]:
        """Provinces whose name or alias matches `text` exactly (normalised), else those containing it."""
        query = _key(text)
        if not query:
            return []
        exact = [p for p in self.provinces if query in {_key(p.name), *(_key(a) for a in p.aliases)}]
        if exact:
            return exact
        return [p for p in self.provinces if any(query in _key(n) for n in (p.name, *p.aliases))]

    def search_regencies(self, province_code: str, text: str) -> list[Regency]:
        """Kabupaten/kota of one province matching `text`; "kota X" / "kab X" choose between a city and a
        regency of the same name (Kota Bandung vs Kabupaten Bandung)."""
        province = self._provinces.get(province_code)
        if province is None:
            return []
        words = _key_words(text)
        want_city: bool | None = None
        if words and words[0] in ("kota", "kodya", "kotamadya"):
            want_city, words = True, words[1:]
        elif words and words[0] in ("kab", "kabupaten", "kabu", "kb"):
            want_city, words = False, words[1:]
        query = "".join(words)
        if not query:
            return []
        candidates = [r for r in province.regencies if want_city is None or r.is_city == want_city]
        exact = [r for r in candidates if _key(_bare(r.name)) == query]
        if exact:
            return exact
        return [r for r in candidates if query in _key(_bare(r.name))]


def _bare(name: str) -> str:
    return re.sub(r"^(Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota)\s+", "", name)


def _key_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace(".", " ")
    return re.findall(r"[a-z0-9]+", text)


def _key(text: str) -> str:
    return "".join(_key_words(text))


def load_wilayah(path: Path = DATA_FILE) -> Wilayah:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    provinces = []
    for item in raw["provinces"]:
        code = str(item["code"])
        regencies = tuple(
            Regency(code=str(rcode), name=str(name), province_code=code) for rcode, name in item["regencies"].items()
        )
        provinces.append(Province(code=code, name=item["name"], aliases=tuple(item.get("aliases") or ()),
                                  regencies=regencies))
    return Wilayah(provinces)


@lru_cache(maxsize=1)
def wilayah() -> Wilayah:
    """The bundled data, loaded on first use and shared."""
    return load_wilayah()
