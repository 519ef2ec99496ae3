"""Norwegian person identifiers: fødselsnummer, D-nummer, H-nummer, felles hjelpenummer.

python-stdnum 2.2 rejects the numbers Skatteetaten issues from 2032 (first check digit
with a weighted remainder of 1, 2 or 3) and every felles hjelpenummer, so the rules live
here. See docs/identity-numbers.md and shared/domain/identity-numbers.md.

- K1: weights 3 7 6 1 8 9 4 5 2 1 over the first ten digits; the sum mod 11 must be 0
  (numbers issued before 2032) or 0, 1, 2 or 3 (from 2032). Both generations stay valid.
- K2: weights 5 4 3 2 7 6 5 4 3 2 1 over all eleven digits; the sum mod 11 must be 0.
- Sex is never derived: from 2032 the numbers are gender-neutral.
- A birth date read from the number is a hint only.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import random
from dataclasses import dataclass

from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
K1_REMAINDERS_BEFORE_2032 = frozenset({0})
K1_REMAINDERS_FROM_2032 = frozenset({0, 1, 2, 3})


class IdentityKind(enum.StrEnum):
    FNR = "fnr"  # fødselsnummer
    DNR = "dnr"  # D-nummer
    HNR = "hnr"  # H-nummer, local to one health organisation
    FHN = "fhn"  # felles hjelpenummer (Norsk helsenett)


class InvalidIdentityNumber(ValueError):
    """The number breaks a rule; ``rule`` is a stable code, the message says which."""

    def __init__(self, rule: str, message: StrOrPromise) -> None:
        self.rule = rule
        # Kept lazy for a form to show in the reader's language; str(exc) renders it now.
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class IdentityNumber:
    value: str
    kind: IdentityKind
    synthetic: bool
    new_generation: bool  # K1 remainder 1-3: issued under the 2032 rule

    def birth_date_hint(self) -> dt.date | None:
        """Birth date as the number suggests it; Folkeregisteret is the source of truth."""
        if self.kind is IdentityKind.FHN or self.new_generation:
            return None
        day, month, year2 = _date_digits(self.value, self.kind, self.synthetic)
        individual = int(self.value[6:9])
        century = _century(individual, year2)
        if century is None:
            return None
        try:
            return dt.date(century + year2, month, day)
        except ValueError:
            return None

    def masked(self) -> str:
        """For screens and logs: birth-date part only, never the personal digits."""
        return self.value[:6] + "*****"


def _weighted_remainder(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11


def _date_digits(value: str, kind: IdentityKind, synthetic: bool) -> tuple[int, int, int]:
    day, month, year2 = int(value[0:2]), int(value[2:4]), int(value[4:6])
    if kind is IdentityKind.DNR:
        day -= 40
    if kind is IdentityKind.HNR:
        month -= 40
    if synthetic:
        month -= 80
    return day, month, year2


def _century(individual: int, year2: int) -> int | None:
    if 500 <= individual <= 749 and year2 >= 54:
        return 1800
    if individual <= 499:
        return 1900
    if individual >= 900 and year2 >= 40:
        return 1900
    if individual >= 500 and year2 <= 39:
        return 2000
    return None


def _classify(value: str) -> tuple[IdentityKind, bool]:
    first, month = int(value[0]), int(value[2:4])
    if first >= 8:
        return IdentityKind.FHN, False
    synthetic = month > 80
    if synthetic:
        month -= 80
    if first >= 4:
        return IdentityKind.DNR, synthetic
    if month > 40:
        return IdentityKind.HNR, synthetic
    return IdentityKind.FNR, synthetic


def parse(raw: str, *, allow_synthetic: bool = False) -> IdentityNumber:
    """Validate and classify; raises InvalidIdentityNumber naming the broken rule."""
    value = "".join(raw.split())
    if len(value) != 11 or not value.isdigit():
        raise InvalidIdentityNumber(
            "format", gettext_lazy("Identity number must be exactly 11 digits.")
        )
    k1_remainder = _weighted_remainder(value, K1_WEIGHTS)
    if k1_remainder not in K1_REMAINDERS_FROM_2032:
        raise InvalidIdentityNumber(
            "check_digit_1", gettext_lazy("First check digit (digit 10) is wrong.")
        )
    if _weighted_remainder(value, K2_WEIGHTS) != 0:
        raise InvalidIdentityNumber(
            "check_digit_2", gettext_lazy("Second check digit (digit 11) is wrong.")
        )
    kind, synthetic = _classify(value)
    if synthetic and not allow_synthetic:
        raise InvalidIdentityNumber(
            "synthetic", gettext_lazy("Synthetic test numbers (month + 80) are not accepted here.")
        )
    if kind is not IdentityKind.FHN:
        day, month, _ = _date_digits(value, kind, synthetic)
        if not 1 <= month <= 12:
            raise InvalidIdentityNumber(
                "date", gettext_lazy("Digits 3-4 do not form a valid month.")
            )
        # The century cannot be read from 2032 numbers, so allow 29 February in any year.
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            raise InvalidIdentityNumber("date", gettext_lazy("Digits 1-2 do not form a valid day."))
    return IdentityNumber(
        value=value,
        kind=kind,
        synthetic=synthetic,
        new_generation=k1_remainder != 0,
    )


def is_valid(raw: str, *, allow_synthetic: bool = False) -> bool:
    try:
        parse(raw, allow_synthetic=allow_synthetic)
    except InvalidIdentityNumber:
        return False
    return True


def _complete(nine: str, k1_remainder: int) -> str | None:
    """Append check digits so the K1 sum leaves ``k1_remainder``; None if impossible."""
    partial = sum(int(d) * w for d, w in zip(nine, K1_WEIGHTS[:9], strict=True))
    k1 = (k1_remainder - partial) % 11
    if k1 == 10:
        return None
    ten = nine + str(k1)
    k2 = (-sum(int(d) * w for d, w in zip(ten, K2_WEIGHTS[:10], strict=True))) % 11
    if k2 == 10:
        return None
    return ten + str(k2)


def generate(
    birth_date: dt.date,
    rng: random.Random,
    *,
    kind: IdentityKind = IdentityKind.FNR,
    synthetic: bool = True,
    new_generation: bool = False,
) -> str:
    """A valid number for tests and demo data (synthetic by default: never a real person)."""
    if kind is IdentityKind.FHN:
        while True:
            nine = str(rng.randint(8, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
            number = _complete(nine, 0)
            if number:
                return number
    day, month = birth_date.day, birth_date.month
    if kind is IdentityKind.DNR:
        day += 40
    if kind is IdentityKind.HNR:
        month += 40
    if synthetic:
        month += 80
    year = birth_date.year
    if 1900 <= year <= 1999:
        low, high = 0, 499
    elif 2000 <= year <= 2039:
        low, high = 500, 999
    elif 1854 <= year <= 1899:
        low, high = 500, 749
    else:
        raise ValueError(f"No individual-number series for birth year {year}")
    remainders = [1, 2, 3] if new_generation else [0]
    while True:
        individual = rng.randint(low, high)
        nine = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
        number = _complete(nine, rng.choice(remainders))
        if number:
            return number
