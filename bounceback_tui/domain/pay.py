"""Pay as people write it (issue 14): `$165k`, `£90k–120k`, `90,000-120,000 EUR`, `€50/h`,
`$80–95 an hour`. The text is kept as typed; the numbers, currency and period are read from it
where they can be, so that pay can be compared and exported."""

from __future__ import annotations

import re
from dataclasses import dataclass

CURRENCY_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW"}
CURRENCY_CODES = ("USD", "GBP", "EUR", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK",
                  "PLN", "INR", "JPY", "SGD", "HKD", "BRL", "MXN", "ZAR", "ILS", "KRW")
PERIODS = ("year", "month", "week", "day", "hour")
_PERIOD_WORDS = {
    "year": ("year", "yr", "annum", "annual", "annually", "pa", "p.a.", "y"),
    "month": ("month", "mo", "monthly", "pm"),
    "week": ("week", "wk", "weekly", "pw"),
    "day": ("day", "daily", "d", "pd"),
    "hour": ("hour", "hr", "hourly", "h", "ph"),
}
_NUMBER = r"(\d+(?:[.,]\d{3})*(?:\.\d+)?)\s*([kKmM])?"
_RANGE = re.compile(_NUMBER + r"(?:\s*(?:-|–|—|to)\s*[^\d]{0,3}" + _NUMBER + r")?")


class PayInputError(ValueError):
    """Pay that cannot be right (a range whose top is below its bottom)."""


@dataclass(frozen=True)
class Pay:
    text: str
    minimum: int | None = None
    maximum: int | None = None
    currency: str = ""
    period: str = ""


def read_pay(text: str) -> Pay:
    """What `text` says about pay. Text without a number is kept as it is (`competitive`)."""
    raw = text.strip()
    if not raw:
        return Pay("")
    match = _RANGE.search(raw)
    if match is None:
        return Pay(text)
    low = _amount(match.group(1), match.group(2))
    high = _amount(match.group(3), match.group(4) or match.group(2)) if match.group(3) else None
    if high is not None and match.group(4) and not match.group(2) and low < 1000 <= high:
        low *= 1000 if match.group(4).lower() == "k" else 1_000_000  # "90-120k": both in k
    if high is not None and high < low:
        raise PayInputError(f"pay {raw!r}: the top of the range ({high:,}) is below its "
                            f"bottom ({low:,}); write it low to high")
    return Pay(text, low, high if high is not None else low, _currency(raw), _period(raw))


def _amount(number: str, scale: str | None) -> int:
    digits = number.replace(",", "")
    if digits.count(".") > 1 or (digits.count(".") == 1 and len(digits.split(".")[1]) == 3):
        digits = digits.replace(".", "")  # 90.000 written the European way
    value = float(digits)
    if scale:
        value *= 1000 if scale.lower() == "k" else 1_000_000
    return round(value)


def _currency(raw: str) -> str:
    for sign, code in CURRENCY_SIGNS.items():
        if sign in raw:
            return code
    upper = raw.upper()
    return next((code for code in CURRENCY_CODES if re.search(rf"\b{code}\b", upper)), "")


def _period(raw: str) -> str:
    words = re.findall(r"[a-z.]+", raw.lower().replace("/", " "))
    for period, names in _PERIOD_WORDS.items():
        if any(word in names for word in words):
            return period
    return ""


def pay_reading(pay: Pay) -> str:
    """What was read from the text, to check it by: `90,000–120,000 GBP a year`; "" when no
    number was found."""
    if pay.minimum is None:
        return ""
    amount = (f"{pay.minimum:,}" if pay.maximum in (None, pay.minimum)
              else f"{pay.minimum:,}–{pay.maximum:,}")
    return " ".join(part for part in (amount, pay.currency,
                                      f"{'an' if pay.period == 'hour' else 'a'} {pay.period}" if pay.period else "") if part)
