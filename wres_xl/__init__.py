"""wres-xl: NHS Workforce Race Equality Standard analysis for Excel."""

from __future__ import annotations

import os
import sys

__version__ = "0.1.0"


def limit_blas_threads() -> None:
    """Run BLAS on one thread, for work wres-xl starts itself (the command line, the ribbon
    buttons); never on import, which would change a host's settings (a notebook, Excel's
    Python, a program that imports wres_xl).

    Every matrix wres-xl hands to BLAS is tiny (suppression audits, a few hundred cells), and
    on a small or busy PC OpenBLAS's worker threads cost far more than they save: measured
    here, a refresh took 1.2 s with them and 0.3 s without. The variable works when set
    before numpy loads (and is inherited by worker processes); threadpoolctl covers a numpy
    already loaded.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if "numpy" not in sys.modules:
        # threadpoolctl limits only the libraries already loaded: none yet (and importing
        # it costs a command 30 ms).
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency
        return
    threadpool_limits(limits=1, user_api="blas")
