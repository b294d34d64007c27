"""Precision, recall and time of the near-duplicate finder on generated corpora.

    .venv/bin/python bench/duplicates.py [--threshold 0.62] [--seeds 5]

Each corpus (:func:`generate_corpus`) is 6 sessions × 20 generated projects plus 24 retold
copies planted in other sessions; the finder's pairs are scored against the planted ones at
the threshold (by default the page's). Then the time on the largest input the page reads
(:data:`MAX_PROJECTS` projects: corpora of other seeds side by side, in sessions of their own).
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sessiontrack.sampledata.duplicates import generate_corpus, precision_and_recall
from sessiontrack.similarity.matching import DEFAULT_THRESHOLD, MAX_PROJECTS, find_duplicates


def _quality(threshold: float, seeds: int) -> None:
    precisions, recalls, times = [], [], []
    for seed in range(2018, 2018 + seeds):
        corpus = generate_corpus(seed=seed)
        started = time.perf_counter()
        pairs = find_duplicates(corpus.texts, threshold)
        times.append(time.perf_counter() - started)
        found = {(pair.first, pair.second) for pair in pairs}
        precision, recall = precision_and_recall(found, corpus.planted)
        precisions.append(precision)
        recalls.append(recall)
        print(
            f"seed {seed}: {len(corpus.texts)} projects, {len(corpus.planted)} planted, "
            f"{len(found)} found: precision {precision:.2f}, recall {recall:.2f}, "
            f"{times[-1] * 1000:.0f} ms"
        )
    print(
        f"threshold {threshold:.2f}, {seeds} corpora: precision {statistics.mean(precisions):.2f} "
        f"(min {min(precisions):.2f}), recall {statistics.mean(recalls):.2f} "
        f"(min {min(recalls):.2f}), median time {statistics.median(times) * 1000:.0f} ms"
    )


def _largest(threshold: float) -> None:
    texts, seed = [], 3000
    while len(texts) < MAX_PROJECTS:
        corpus = generate_corpus(seed=seed)
        offset, session_offset = len(texts), (seed - 3000) * 6
        texts.extend(
            text._replace(
                project_id=text.project_id + offset, session_id=text.session_id + session_offset
            )
            for text in corpus.texts
        )
        seed += 1
    texts = texts[:MAX_PROJECTS]
    started = time.perf_counter()
    pairs = find_duplicates(texts, threshold)
    elapsed = time.perf_counter() - started
    print(
        f"largest input: {len(texts)} projects in {len({t.session_id for t in texts})} sessions, "
        f"{len(pairs)} pairs with passages in {elapsed * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--seeds", type=int, default=5)
    arguments = parser.parse_args()
    _quality(arguments.threshold, arguments.seeds)
    _largest(arguments.threshold)


if __name__ == "__main__":
    main()
