"""wres-xl: NHS Workforce Race Equality Standard analysis for Excel."""

from __future__ import annotations

import os

__version__ = "0.1.0"

# Every matrix wres-xl hands to BLAS is tiny (suppression audits, a few hundred cells), and
# on a small or busy PC OpenBLAS's worker threads cost far more than they save: measured
# here, a refresh took 1.2 s with them and 0.3 s without. The variable works when set before
# numpy loads; threadpoolctl covers a host (Excel's Python, a notebook) that loaded it first.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _single_threaded_blas() -> None:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency
        return
    threadpool_limits(limits=1, user_api="blas")


_single_threaded_blas()
