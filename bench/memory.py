"""How much memory the raw-scores CSV takes while it is sent, for bench/run.py.

The response is read chunk by chunk and each chunk dropped, as a server writing it to a socket
does, under :mod:`tracemalloc`: the figure is the peak of Python's allocations during the
request above what was allocated before it. A streamed file keeps it flat whatever the number of
scores; a file built whole in memory makes it grow with them.
"""

import time
import tracemalloc
from dataclasses import dataclass


@dataclass
class MemoryFigure:
    """The peak of one request's allocations, the bytes it sent and how long it took."""

    peak_bytes: int
    sent_bytes: int
    seconds: float

    @staticmethod
    def line(figure: dict) -> str:
        """The figure (as a dict, from the report) as the line printed under the table."""
        peak, sent = figure["peak_bytes"] / 2**20, figure["sent_bytes"] / 2**20
        return (
            f"raw-scores CSV: peak memory {peak:.1f} MiB (tracemalloc, above the request's "
            f"start) for a {sent:.1f} MiB file read chunk by chunk"
        )


def _read(client, url: str) -> int:
    response = client.get(url, buffered=False)
    try:
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code} for {url}")
        return sum(len(chunk) for chunk in response.iter_encoded())
    finally:
        response.close()


def measure_peak(client, url: str) -> MemoryFigure:
    """One request of ``url`` read chunk by chunk after an untraced warm-up (which loads
    translations and templates once): the peak of what it allocated."""
    _read(client, url)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        sent = _read(client, url)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return MemoryFigure(peak - base, sent, seconds)
