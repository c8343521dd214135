"""An X or Z report as a JSON object, and back: the form a Z is stored in, the CLI prints and scripts read.

Every dataclass field is a key; the computed properties (net_fen, expected_fen, over_short_fen, a tender's
net, a cashier's average basket) are written too, so a reader needs no rule of ours to get them, and are
ignored when the object is read back. Integers only: money in fen, never a float.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from pos_app.reports import (
    CashierTotal,
    CashSummary,
    CategoryTotal,
    HourTotal,
    Report,
    ReportKind,
    TaxTotal,
    TenderTotal,
)


def report_to_dict(report: Report) -> dict[str, Any]:
    value = _plain(report)
    assert isinstance(value, dict)
    return value


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
        for name, attr in vars(type(value)).items():
            if isinstance(attr, property):
                out[name] = _plain(getattr(value, name))
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _args(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """The constructor's arguments: the dataclass's fields, without the properties written beside them."""
    return {f.name: data[f.name] for f in fields(cls)}


def report_from_dict(data: dict[str, Any]) -> Report:
    args = _args(Report, data)
    args["kind"] = ReportKind(data["kind"])
    args["business_day"] = date.fromisoformat(data["business_day"])
    args["made_at"] = datetime.fromisoformat(data["made_at"])
    args["tenders"] = tuple(TenderTotal(**_args(TenderTotal, t)) for t in data["tenders"])
    args["cashiers"] = tuple(CashierTotal(**_args(CashierTotal, c)) for c in data["cashiers"])
    args["categories"] = tuple(CategoryTotal(**_args(CategoryTotal, c)) for c in data["categories"])
    args["hours"] = tuple(HourTotal(**_args(HourTotal, h)) for h in data["hours"])
    args["taxes"] = tuple(TaxTotal(**_args(TaxTotal, t)) for t in data["taxes"])
    args["cash"] = CashSummary(**_args(CashSummary, data["cash"]))
    return Report(**args)
