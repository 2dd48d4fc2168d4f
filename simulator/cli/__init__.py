"""The `defuse` command line: thin commands over the content, grader and session APIs."""

from __future__ import annotations

from simulator.cli.app import app


def main() -> None:
    """Entry point of the `defuse` console script and of `python -m simulator`."""
    app(prog_name="defuse")


__all__ = ["app", "main"]

if __name__ == "__main__":  # pragma: no cover
    main()
