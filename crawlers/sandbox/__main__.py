"""CLI: ``python -m crawlers.sandbox [--port N] [--seed N] [--grow SECONDS] [--faults RATE]``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from .server import SandboxServer


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGINT/SIGTERM; prints ``SANDBOX http://127.0.0.1:PORT`` once at start."""
    parser = argparse.ArgumentParser(prog="python -m crawlers.sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--seed", type=int, default=1, help="content seed")
    parser.add_argument("--grow", type=float, default=0.0, metavar="SECONDS",
                        help="publish one new message per source every SECONDS (0 = never)")
    parser.add_argument("--faults", type=float, default=0.0, metavar="RATE", help="transient fault rate 0..1")
    parser.add_argument("--slow-seconds", type=float, default=1.5, help="delay of the 'slow' fault")
    args = parser.parse_args(argv)

    stop = threading.Semaphore(0)  # released by SIGINT/SIGTERM
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.release())
    server = SandboxServer(seed=args.seed, faults=args.faults, port=args.port, slow_seconds=args.slow_seconds).start()
    print(f"SANDBOX {server.url}", flush=True)
    try:
        while not stop.acquire(timeout=args.grow if args.grow > 0 else 3600):
            if args.grow > 0:
                server.grow(1)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
