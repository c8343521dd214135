"""Product barcodes: GTIN check digits (EAN-13, EAN-8, UPC-A), in-store codes and scale labels.

Chinese electronic scales (大华, 顶尖, 寺冈) print 13-digit EAN labels that start with 2 and carry the
item's PLU code and either the price or the weight. The shop sets the layout once as a template:
    digits  a fixed flag (the first must be 2)        e.g. "2" or "22"
    P       the PLU code, matched to a product's in-store code (leading zeros ignored)
    $       the price in fen                           (price labels)
    W       the weight in grams                        (weight labels)
    C       the EAN-13 check digit, always last
The default "22PPPPP$$$$$C" is the common 大华 layout: flag 22, 5-digit PLU, 5-digit price in fen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos_app.errors import InvalidBarcode, InvalidInput

GTIN_LENGTHS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13"}
IN_STORE_CODE = re.compile(r"^\d{1,7}$")
DEFAULT_SCALE_TEMPLATE = "22PPPPP$$$$$C"


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it: weights 3,1,3,... from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    return code.isdigit() and len(code) in GTIN_LENGTHS and gtin_check_digit(code[:-1]) == int(code[-1])


def validate_product_code(code: str) -> str:
    """A product's own code: a GTIN with a correct check digit, or a short in-store code (PLU) of 1-7 digits.

    Returns the code stripped of surrounding whitespace; raises InvalidBarcode with the reason otherwise.
    """
    code = code.strip()
    if IN_STORE_CODE.match(code):
        return code
    if not code.isdigit():
        raise InvalidBarcode(f"barcode '{code}' must be digits only", f"条码“{code}”只能包含数字")
    if len(code) not in GTIN_LENGTHS:
        raise InvalidBarcode(
            f"barcode '{code}' has {len(code)} digits; expected 8, 12 or 13 (or an in-store code of up to 7)",
            f"条码“{code}”有 {len(code)} 位，应为 8、12 或 13 位（店内码最多 7 位）",
        )
    if not is_valid_gtin(code):
        expected = gtin_check_digit(code[:-1])
        raise InvalidBarcode(
            f"barcode '{code}' has a wrong check digit (expected {expected})",
            f"条码“{code}”校验位错误（应为 {expected}）",
        )
    return code


@dataclass(frozen=True)
class ScaleLabel:
    """What a scale label says: the PLU and either the price (fen) or the weight (grams)."""

    plu: str
    price_fen: int | None = None
    grams: int | None = None


@dataclass(frozen=True)
class ScaleTemplate:
    pattern: str

    def __post_init__(self) -> None:
        p = self.pattern
        match = re.fullmatch(r"(2\d*)(P+)(\$+|W+)C", p)
        if len(p) != 13 or not match:
            raise InvalidInput(
                f"scale label template '{p}' must be 13 characters: a flag starting with 2, "
                "P for the PLU, $ (price) or W (weight), and C last, like 22PPPPP$$$$$C",
                f"电子秤条码模板“{p}”应为 13 位：以 2 开头的标志位、P（商品码）、$（金额）或 W（重量），"
                "最后一位 C，例如 22PPPPP$$$$$C",
            )

    @property
    def flag(self) -> str:
        return self.pattern[: self.pattern.index("P")]

    @property
    def carries_price(self) -> bool:
        return "$" in self.pattern

    def matches(self, code: str) -> bool:
        return len(code) == 13 and code.isdigit() and code.startswith(self.flag)

    def parse(self, code: str) -> ScaleLabel:
        if not self.matches(code):
            raise InvalidBarcode(
                f"'{code}' is not a scale label of the form {self.pattern}",
                f"“{code}”不是 {self.pattern} 格式的电子秤条码",
            )
        if not is_valid_gtin(code):
            raise InvalidBarcode(
                f"scale label '{code}' has a wrong check digit", f"电子秤条码“{code}”校验位错误"
            )
        plu = "".join(d for d, t in zip(code, self.pattern, strict=True) if t == "P").lstrip("0") or "0"
        value = int("".join(d for d, t in zip(code, self.pattern, strict=True) if t in "$W"))
        if self.carries_price:
            return ScaleLabel(plu=plu, price_fen=value)
        if value == 0:
            raise InvalidBarcode(f"scale label '{code}' weighs 0 g", f"电子秤条码“{code}”重量为 0 克")
        return ScaleLabel(plu=plu, grams=value)

    def make(self, plu: str, value: int) -> str:
        """Print a label as the scale would (for the demo, simulations and tests)."""
        p_len = self.pattern.count("P")
        v_len = self.pattern.count("$") + self.pattern.count("W")
        if len(plu) > p_len or value >= 10**v_len or value < 0:
            raise ValueError(f"PLU {plu} or value {value} do not fit {self.pattern}")
        body = self.flag + plu.zfill(p_len) + str(value).zfill(v_len)
        return body + str(gtin_check_digit(body))
