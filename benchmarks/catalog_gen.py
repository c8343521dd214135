"""A large, realistic catalog for benchmarks: brand x product x spec recombined from the demo catalog."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from pos_app.barcodes import gtin_check_digit

DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo" / "catalog.csv"


def generate(path: Path, count: int, seed: int = 100_000) -> None:
    """Writes `count` unique products (about 3% weighed) as an Excel-style UTF-8 CSV with Chinese headers."""
    rng = random.Random(seed)
    with open(DEMO, encoding="utf-8-sig", newline="") as fh:
        demo = list(csv.DictReader(fh))
    words = [row["品名"].split(" ") for row in demo]
    brands = sorted({w[0] for w in words})
    products = sorted({w[1] for w in words if len(w) > 1})
    specs = sorted({w[-1] for w in words if len(w) > 2})
    categories = sorted({row["分类"] for row in demo})
    seen: set[str] = set()
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["条码", "品名", "售价", "单位", "分类", "税率"])
        plu = 10000
        for i in range(count):
            name = f"{rng.choice(brands)} {rng.choice(products)} {rng.choice(specs)}"
            while name in seen:
                name = f"{name} {rng.randint(1, 99)}号"
            seen.add(name)
            if i % 33 == 0:
                plu += 1
                code, unit = str(plu), "千克"
            else:
                body = f"69{i:010d}"
                code, unit = body + str(gtin_check_digit(body)), "个"
            price = rng.choice((1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 100)) * 100 + rng.choice((0, 50, 90, 80))
            writer.writerow([code, name, f"{price // 100}.{price % 100:02d}", unit, rng.choice(categories),
                             rng.choice(("13%", "13%", "9%"))])


if __name__ == "__main__":
    import sys

    generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
