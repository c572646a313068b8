"""Listing, searching, counting and statistics over the tips table (a base of `TipStore`).

Filters on metadata (status, category, region) run in SQL; a text search has to open the sealed columns, so it
decrypts the candidates in memory (fine for the thousands of tips a review group handles).
"""

from __future__ import annotations

import builtins
from typing import Any

import sqlite_utils

from bot.tips.records import Tip

TIP_COLUMNS = ("id, category, province_code, regency_code, when_text, when_date, agency, role, accused_name, "
               "description, status, close_reason, claimed_by, version, duplicate_of, language, created_at, "
               "updated_at, closed_at, review_message_id")


class TipQueries:
    db: sqlite_utils.Database

    def _tip(self, row: tuple) -> Tip:  # provided by TipStore (opens the sealed columns)
        raise NotImplementedError

    def list(self, *, status: str | None = None, category: str | None = None, province: str | None = None,
             regency: str | None = None, text: str | None = None, open_only: bool = False, limit: int = 20,
             offset: int = 0) -> list[Tip]:
        where_sql, params = self._filters(status, category, province, regency, open_only)
        if not text:
            rows = self.db.execute(f"SELECT {TIP_COLUMNS} FROM tips {where_sql} ORDER BY id DESC LIMIT ? OFFSET ?",
                                   [*params, limit, offset])
            return [self._tip(row) for row in rows.fetchall()]
        return self._search(where_sql, params, text)[offset:offset + limit]

    def count(self, **filters: Any) -> int:
        where_sql, params = self._filters(filters.get("status"), filters.get("category"), filters.get("province"),
                                          filters.get("regency"), filters.get("open_only", False))
        if filters.get("text"):
            return len(self._search(where_sql, params, filters["text"]))
        return self.db.execute(f"SELECT COUNT(*) FROM tips {where_sql}", params).fetchone()[0]

    def _search(self, where_sql: str, params: builtins.list, text: str) -> builtins.list[Tip]:
        """Tips whose words contain `text` (any case): the text is sealed, so matching happens after opening."""
        needle = text.casefold()
        rows = self.db.execute(f"SELECT {TIP_COLUMNS} FROM tips {where_sql} ORDER BY id DESC", params)
        found = []
        for row in rows.fetchall():
            tip = self._tip(row)
            if any(needle in (value or "").casefold() for value in (tip.description, tip.agency, tip.role,
                                                                      tip.accused_name, tip.when_text)):
                found.append(tip)
        return found

    @staticmethod
    def _filters(status: str | None, category: str | None, province: str | None, regency: str | None,
                 open_only: bool) -> tuple[str, builtins.list]:
        clauses: builtins.list[str] = []
        params: builtins.list = []
        for column, value in (("status", status), ("category", category), ("province_code", province),
                              ("regency_code", regency)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if open_only:
            clauses.append("status != 'closed'")
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def stats(self) -> dict[str, dict[str, int]]:
        result = {}
        for name, column in (("status", "status"), ("category", "category"), ("province", "province_code"),
                             ("regency", "regency_code")):
            rows = self.db.execute(f"SELECT {column}, COUNT(*) FROM tips GROUP BY {column} ORDER BY COUNT(*) DESC, "
                                   f"{column}").fetchall()
            result[name] = {key: count for key, count in rows}
        result["total"] = {"all": self.db.execute("SELECT COUNT(*) FROM tips").fetchone()[0]}
        return result
