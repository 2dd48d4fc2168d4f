"""The `defuse` command line: thin commands over the content, grader and session APIs."""

from __future__ import annotations

import os
import sys

from simulator.cli.app import app
from simulator.cli.failures import describe


def main() -> None:
    """Entry point of the `defuse` console script and of `python -m simulator`.

    Errors the commands expect are reported where they happen; anything else still ends
    as one line (set DEFUSE_DEBUG=1 to see the traceback).
    """
    try:
        app(prog_name="defuse", standalone_mode=True)
    except KeyboardInterrupt:
        sys.stderr.write("defuse: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("DEFUSE_DEBUG"):
            raise
        sys.stderr.write(f"defuse: error: {describe(exc)} (DEFUSE_DEBUG=1 shows the details)\n")
        sys.exit(2)


__all__ = ["app", "main"]

if __name__ == "__main__":  # pragma: no cover
    main()
