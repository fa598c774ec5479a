"""Existing clients of Giftery, imported from a CSV export (one row per legal entity). No Flask here."""

import csv
from dataclasses import dataclass, field

from webapp.models import ExistingClient, db, utcnow
from webapp.validators import Invalid, company_inn

INN_HEADERS = {"inn", "инн"}
NAME_HEADERS = {"name", "company", "название", "компания", "наименование"}


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: list = field(default_factory=list)  # (line number, reason)


def import_csv(path):
    """Add or update every row with a valid INN, in one transaction; report the rows skipped and why."""
    result = ImportResult()
    with open(path, newline="", encoding="utf-8-sig") as f:
        sample = f.read(4096)
        f.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:  # a single column has no delimiter to find
            dialect = csv.excel
        rows = list(csv.reader(f, dialect))
    if not rows:
        return result
    header = [cell.strip().lower() for cell in rows[0]]
    if INN_HEADERS & set(header):
        inn_col = next(i for i, h in enumerate(header) if h in INN_HEADERS)
        name_col = next((i for i, h in enumerate(header) if h in NAME_HEADERS), None)
        body = enumerate(rows[1:], start=2)
    else:
        inn_col, name_col = 0, 1 if len(rows[0]) > 1 else None
        body = enumerate(rows, start=1)

    with db.atomic():
        for line, row in body:
            if not any(cell.strip() for cell in row):
                continue
            try:
                inn = company_inn(row[inn_col] if inn_col < len(row) else "")
            except Invalid as error:
                result.skipped.append((line, str(error)))
                continue
            name = row[name_col].strip() if name_col is not None and name_col < len(row) else None
            updated = (ExistingClient.update(name=name or ExistingClient.name, imported_at=utcnow())
                       .where(ExistingClient.inn == inn).execute())
            if updated:
                result.updated += 1
            else:
                ExistingClient.create(inn=inn, name=name or None, imported_at=utcnow())
                result.added += 1
    return result
