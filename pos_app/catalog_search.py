"""In-memory search over the catalog: barcode, name and pinyin initials, results as the cashier types.

With 100,000 products a SQL LIKE scan costs tens of milliseconds; here each searchable field is one long
string per kind, so a query is a few `str.find` calls in C, and the position maps back to the product by
bisection. Results come in tiers: exact barcode, initials prefix, name prefix, then anywhere in name,
initials or barcode; inside a tier, catalog order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

from pos_app.catalog import Product


class _Column:
    """One searchable text per product, joined with newlines, so `find` scans all of them at once."""

    def __init__(self, texts: list[str]) -> None:
        # blob = "\ntext0\ntext1\n...": starts[i] is the newline before text i
        self.starts: list[int] = []
        pos = 0
        for text in texts:
            self.starts.append(pos)
            pos += len(text) + 1
        self.blob = "\n" + "\n".join(texts) + "\n"

    def find(self, needle: str, prefix_only: bool) -> Iterator[int]:
        """Indexes of products whose text holds the needle (at its start if `prefix_only`), in order."""
        blob, starts = self.blob, self.starts
        pattern = "\n" + needle if prefix_only else needle
        pos = blob.find(pattern)
        while pos != -1:
            index = bisect_right(starts, pos) - 1
            yield index
            if index + 1 >= len(starts):
                return
            pos = blob.find(pattern, starts[index + 1])  # one hit per product is enough


class SearchIndex:
    def __init__(self, products: Iterable[Product]) -> None:
        self.products: list[Product] = list(products)
        self.by_barcode: dict[str, Product] = {}
        self.by_category: dict[str, list[Product]] = {}
        for product in self.products:
            for code in product.barcodes:
                self.by_barcode[code] = product
            self.by_category.setdefault(product.category, []).append(product)
        self._names = _Column([p.name.lower() for p in self.products])
        self._initials = _Column([p.initials for p in self.products])
        self._codes = _Column([" ".join(p.barcodes) for p in self.products])

    def __len__(self) -> int:
        return len(self.products)

    def categories(self) -> list[str]:
        return sorted(self.by_category)

    def search(self, query: str, limit: int = 50) -> list[Product]:
        q = query.strip().lower()
        if not q or "\n" in q:
            return []
        found: dict[int, Product] = {}
        exact = self.by_barcode.get(q)
        if exact is not None:
            found[exact.id] = exact
        tiers = (
            (self._initials, True),
            (self._names, True),
            (self._names, False),
            (self._initials, False),
            (self._codes, False),
        )
        for column, prefix_only in tiers:
            for index in column.find(q, prefix_only):
                if len(found) >= limit:
                    return list(found.values())
                product = self.products[index]
                found.setdefault(product.id, product)
        return list(found.values())[:limit]
