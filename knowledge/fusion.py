"""Combining rankings: reciprocal rank fusion, and dropping near-identical passages.

RRF uses only ranks, so BM25 scores (unbounded) and cosine similarities (-1..1) need no common
scale; a passage found by both searches rises above one found by either alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

RRF_K = 60  # the usual constant: damps the difference between the first few ranks
NEAR_DUPLICATE_COSINE = 0.95


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> list[tuple[int, float]]:
    """(id, fused score) best first; ties keep the order in which ids were first seen."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda pair: -pair[1])


def drop_near_duplicates(
    ranked: Sequence[int], vectors: Mapping[int, np.ndarray], limit: int | None = None,
    threshold: float = NEAR_DUPLICATE_COSINE,
) -> list[int]:
    """Keep each passage unless it is near-identical to a better-ranked kept one (up to `limit`).

    Libraries repeat themselves (the same answer on two sites, a handout imported twice under
    different names); showing the same text twice wastes the model's short context.
    """
    limit = len(ranked) if limit is None else limit
    kept: list[int] = []
    kept_vectors: list[np.ndarray] = []
    for item in ranked:
        if len(kept) >= limit:
            break
        vector = vectors.get(item)
        if vector is not None and kept_vectors:
            if max(float(v @ vector) for v in kept_vectors) >= threshold:
                continue
        kept.append(item)
        if vector is not None:
            kept_vectors.append(vector)
    return kept
