"""Reading a shop's catalog spreadsheet (CSV as Excel or WPS saves it in China) into checked rows.

Pure: no Qt, no database. The import service writes the rows; this module only decides whether a file is
good, and when it is not, lists every bad row by its physical line so the owner can fix them all at once.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pos_app.barcodes import validate_product_code
from pos_app.catalog import TAX_RATES_BP, Unit
from pos_app.errors import CatalogImportError, InvalidInput, RowError
from pos_app.money import parse_yuan

DEFAULT_CATEGORY = "未分类"
DEFAULT_TAX_RATE_BP = 1300
MAX_NAME = 200
MAX_CATEGORY = 64
PROGRESS_EVERY = 1000

# field -> header names (compared after _header_key); English first, it names the field in messages
_COLUMNS: dict[str, tuple[str, ...]] = {
    "barcode": ("barcode", "条码", "条形码", "商品条码"),
    "name": ("name", "品名", "商品名称", "名称"),
    "price": ("price", "售价", "零售价", "单价"),
    "unit": ("unit", "单位"),
    "category": ("category", "分类", "类别"),
    "tax_rate": ("tax_rate", "税率"),
}
_REQUIRED = ("barcode", "name", "price")
_ZH_FIELD = {f: aliases[1] for f, aliases in _COLUMNS.items()}

_CODE_SEPARATORS = re.compile(r"[;|/；]")
_EXCEL_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
_EXCEL_DECIMAL = re.compile(r"^\d+\.0+$")
_RATE = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<pct>[%％])?$")
_GTIN_LENGTHS = frozenset((8, 12, 13))
_PAREN_SUFFIX = re.compile(r"[(（][^()（）]*[)）]$")  # 售价(元) -> 售价


_Problem = tuple[str, str]  # (English, Chinese) message about one cell


@dataclass(frozen=True)
class CatalogRow:
    line: int
    barcodes: tuple[str, ...]
    name: str
    price_fen: int
    unit: Unit
    category: str
    tax_rate_bp: int


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, the superset of GBK that Excel in China saves by default.

    UTF-8 is tried first and strictly: GBK text is valid UTF-8 only when it is plain ASCII, which reads
    the same either way. A file that starts with a UTF-8 BOM is never re-read as GB18030, so one broken
    byte in a UTF-8 file is reported instead of turning the whole file into nonsense characters.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith(b"\xef\xbb\xbf"):
            raise _file_error(
                f"the file is marked as UTF-8 but byte {exc.start} is not valid UTF-8",
                f"文件标记为 UTF-8，但第 {exc.start} 个字节不是有效的 UTF-8",
            ) from None
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise _file_error(
            "the file is neither UTF-8 nor GBK/GB18030 text; in Excel or WPS save it as "
            "'CSV UTF-8' or 'CSV (comma delimited)'",
            "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本；请在 Excel 或 WPS 中另存为“CSV UTF-8”或“CSV（逗号分隔）”",
        ) from None


def parse_catalog(text: str, progress: Callable[[int, int], None] | None = None) -> list[CatalogRow]:
    """All rows, or CatalogImportError listing every problem of every bad row by its line in the file."""
    records = _records(text.removeprefix("\ufeff"))
    if not records:
        raise _file_error(
            "the file is empty; the first line must be the header", "文件是空的；第一行应为表头", 1
        )
    header_line, _, header = records[0]
    columns = _columns(header_line, header)
    width = len(header)
    # a missing optional column reads cell `width`, which is always "" (see the padding below)
    index = tuple(columns.get(f, width) for f in _COLUMNS)
    total = len(records) - 1
    rows: list[CatalogRow] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    for done, (line, end, cells) in enumerate(records[1:], 1):
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            errors.append(
                RowError(
                    line,
                    f"{len(cells)} cells but the header has {width}; a comma inside a name or price "
                    "needs the cell in quotes",
                    f"有 {len(cells)} 列，但表头只有 {width} 列；品名或金额中的逗号需要用引号括起来",
                )
            )
        elif end > line and any("\n" in c or "\r" in c for i, c in enumerate(cells) if i != index[1]):
            errors.append(
                RowError(
                    line,
                    f'a quote (") opened on this line is closed only on line {end}; check for a stray quote',
                    f'本行的引号（"）直到第 {end} 行才结束；请检查是否多了一个引号',
                )
            )
        else:
            if len(cells) <= width:
                cells += [""] * (width + 1 - len(cells))
            row = _row(line, [cells[i].strip() for i in index], first_seen, errors)
            if row is not None:
                rows.append(row)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
    if progress is not None and total % PROGRESS_EVERY != 0:
        progress(total, total)
    if errors:
        raise CatalogImportError(errors)
    return rows


def _records(text: str) -> list[tuple[int, int, list[str]]]:
    """(first physical line, last physical line, cells) of each non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out: list[tuple[int, int, list[str]]] = []
    prev = 0
    try:
        for cells in reader:
            start, prev = prev + 1, reader.line_num
            if "".join(cells).strip():
                out.append((start, prev, cells))
    except csv.Error as exc:
        raise _file_error(f"not readable as CSV: {exc}", f"无法按 CSV 读取：{exc}", prev + 1) from None
    return out


def _header_key(cell: str) -> str:
    key = _PAREN_SUFFIX.sub("", cell.strip().removeprefix("\ufeff").strip())
    return re.sub(r"[\s_\-]+", "", key).lower()


_BY_HEADER = {_header_key(alias): field for field, aliases in _COLUMNS.items() for alias in aliases}


def _columns(line: int, header: list[str]) -> dict[str, int]:
    """Field -> cell index. Columns the till does not know (进价, 库存, ...) are ignored."""
    columns: dict[str, int] = {}
    problems: list[RowError] = []
    for index, cell in enumerate(header):
        field = _BY_HEADER.get(_header_key(cell))
        if field is None:
            continue
        if field in columns:
            problems.append(
                RowError(
                    line,
                    f"the header has two {field} columns ('{header[columns[field]].strip()}' and '{cell.strip()}')",
                    f"表头有两个{_ZH_FIELD[field]}列（“{header[columns[field]].strip()}”和“{cell.strip()}”）",
                )
            )
        columns[field] = index
    missing = [f for f in _REQUIRED if f not in columns]
    if missing:
        en = ", ".join(f"{f} ({'/'.join(_COLUMNS[f][1:])})" for f in missing)
        zh = "、".join(_ZH_FIELD[f] for f in missing)
        problems.append(
            RowError(
                line,
                f"the header (first line) lacks the column(s) {en}",
                f"表头（第一行）缺少列：{zh}（英文表头 {', '.join(missing)}）",
            )
        )
    if problems:
        raise CatalogImportError(problems)
    return columns


def _row(
    line: int, cells: list[str], first_seen: dict[str, int], errors: list[RowError]
) -> CatalogRow | None:
    """One data row (`cells` stripped, in _COLUMNS order), or None after adding each problem to `errors`."""
    code_cell, name_cell, price_cell, unit_cell, category_cell, tax_cell = cells
    problems: list[_Problem] = []
    codes: list[str] = []
    pieces = (
        [code_cell]
        if code_cell.isascii() and code_cell.isdigit()
        else _CODE_SEPARATORS.split(_nfkc(code_cell))
    )
    for piece in pieces:
        code = _code(piece)
        if isinstance(code, tuple):
            problems.append(code)
        elif code and code not in codes:
            codes.append(code)
            earlier = first_seen.setdefault(code, line)
            if earlier != line:
                problems.append(
                    (
                        f"barcode {code} is already used on line {earlier}",
                        f"条码 {code} 已在第 {earlier} 行使用",
                    )
                )
    if not codes and not problems:
        problems.append(("the barcode is empty", "条码为空"))

    name = " ".join(name_cell.split())  # line breaks and tabs (Alt+Enter in Excel) become one space
    if not name:
        problems.append(("the name is empty", "品名为空"))
    elif len(name) > MAX_NAME:
        problems.append(
            (
                f"the name has {len(name)} characters; at most {MAX_NAME}",
                f"品名有 {len(name)} 个字，最多 {MAX_NAME} 个",
            )
        )

    price = _price(price_cell)
    unit = _unit(unit_cell)
    tax_rate = _tax_rate(tax_cell)
    category = " ".join(category_cell.split()) or DEFAULT_CATEGORY
    if len(category) > MAX_CATEGORY:
        problems.append(
            (f"the category has more than {MAX_CATEGORY} characters", f"分类超过 {MAX_CATEGORY} 个字")
        )
    for result in (price, unit, tax_rate):
        if isinstance(result, tuple):
            problems.append(result)

    if problems:
        errors.extend(RowError(line, en, zh) for en, zh in problems)
        return None
    assert isinstance(price, int) and isinstance(unit, Unit) and isinstance(tax_rate, int)
    return CatalogRow(line, tuple(codes), name, price, unit, category, tax_rate)


def _code(piece: str) -> str | _Problem:
    """One code of a barcode cell ('' for an empty piece), or what is wrong with it."""
    code = piece.strip().removeprefix("'").strip()  # a leading ' is Excel's mark for "keep this as text"
    if len(code) in _GTIN_LENGTHS and code.isascii() and code.isdigit() and _gtin_ok(code):
        return code  # the common case, checked without building an exception
    if not code:
        return ""
    if _EXCEL_SCIENTIFIC.match(code) or _EXCEL_DECIMAL.match(code):
        return (
            f"barcode '{code}' was turned into a number by Excel; format the barcode column as Text "
            "and type the codes again",
            f"条码“{code}”已被 Excel 转成数字；请把条码列设置为“文本”格式后重新输入条码",
        )
    try:
        return validate_product_code(code)
    except InvalidInput as exc:
        return (exc.en, exc.zh)


def _gtin_ok(code: str) -> bool:
    """Same test as barcodes.is_valid_gtin (weights 1,3,1,... from the right, check digit included)."""
    digits = code.encode()
    odd, even = digits[-1::-2], digits[-2::-2]
    return (sum(odd) + 3 * sum(even) - 48 * (len(odd) + 3 * len(even))) % 10 == 0


@lru_cache(maxsize=4096)
def _price(text: str) -> int | _Problem:
    if not text:
        return ("the price is empty", "售价为空")
    try:
        fen = parse_yuan(text.removesuffix("元"))
    except InvalidInput as exc:
        return (exc.en, exc.zh)
    if fen <= 0:
        return (f"price must be more than 0 (got '{text}')", f"售价必须大于 0（当前为“{text}”）")
    return fen


@lru_cache(maxsize=1024)
def _unit(text: str) -> Unit | _Problem:
    try:
        return Unit.parse(text)
    except InvalidInput as exc:
        return (exc.en, exc.zh)


@lru_cache(maxsize=1024)
def _tax_rate(text: str) -> int | _Problem:
    """'13%', '13 %', '0.13' and '13' all mean 1300 bp. A bare number of 1 or more is taken as percent,
    so '1' is 1 % (the rate of small-scale taxpayers), since 100 % is never a VAT rate."""
    if not text:
        return DEFAULT_TAX_RATE_BP
    match = _RATE.match(_nfkc(text))
    if match:
        value = Decimal(match["num"])
        scaled = (value if match["pct"] or value >= 1 else value * 100) * 100
        if scaled == scaled.to_integral_value() and int(scaled) in TAX_RATES_BP:
            return int(scaled)
    allowed = ", ".join(f"{r // 100}%" for r in TAX_RATES_BP)
    return (f"tax rate '{text}' must be one of {allowed}", f"税率“{text}”必须是 {allowed} 之一")


def _nfkc(text: str) -> str:
    """Full-width digits and signs (１３％), as a Chinese input method types them, become ASCII."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _file_error(en: str, zh: str, line: int = 0) -> CatalogImportError:
    """A problem of the whole file; line 0 when it is no particular line (the encoding)."""
    return CatalogImportError([RowError(line, en, zh)])
