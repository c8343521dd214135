"""How long the window waits before the next sync after failures: nothing heavy to import at start."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Exponential backoff with full jitter: after n failures in a row, wait uniform(0, min(cap, base*2^n)).

    Full jitter spreads the tills of a chain that lost the cloud at the same moment, so they do not all come
    back at once; a success starts over.
    """

    base_s: float = 2.0
    cap_s: float = 300.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def ceiling(self) -> float:
        return min(self.cap_s, self.base_s * 2.0 ** min(self.failures, 32))

    def failed(self) -> float:
        """The seconds to wait before the next try, after one more failure."""
        delay = self.rng.uniform(0, self.ceiling())
        self.failures += 1
        return delay

    def succeeded(self) -> None:
        self.failures = 0
