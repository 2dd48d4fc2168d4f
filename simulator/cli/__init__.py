"""The `defuse` command line: thin commands over the content, grader and session APIs."""

from __future__ import annotations

import io
import os
import sys
import warnings

import typer

from simulator.cli.app import app
from simulator.cli.failures import click_errors, describe, usage_line, warning_line


def _forgiving_streams() -> None:
    """Read any bytes and any line ending on stdin; never fail to show a character.

    Where the locale decodes strictly (a UTF-8 desktop locale, PYTHONIOENCODING), a byte that
    is not UTF-8 would stop the read and lose the rest of the piped input; with
    surrogateescape it reaches the session, which stores it as U+FFFD (storable_text). Any
    line ending (LF, CRLF, a lone CR) ends a line. Output the terminal's encoding cannot show
    is replaced rather than fatal.
    """
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="surrogateescape", newline=None)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    del category, filename, lineno, file, line
    sys.stderr.write(warning_line(message) + "\n")


def main() -> None:
    """Entry point of the `defuse` console script and of `python -m simulator`.

    Errors the commands expect are reported where they happen; a usage error (an unknown
    option, a value out of range) and anything else still end as one line (set
    DEFUSE_DEBUG=1 to see the traceback); warnings are one line each.
    """
    _forgiving_streams()
    if not os.environ.get("DEFUSE_DEBUG"):
        warnings.showwarning = _show_warning
    try:
        code = app(prog_name="defuse", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click_errors.UsageError as exc:
        sys.stderr.write(usage_line(exc) + "\n")
        sys.exit(exc.exit_code)
    except click_errors.ClickException as exc:
        sys.stderr.write(f"defuse: error: {' '.join(exc.format_message().split())}\n")
        sys.exit(exc.exit_code)
    except typer.Abort:  # end of input at a question (typer.confirm)
        sys.stderr.write("defuse: error: aborted; nothing was done\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("defuse: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("DEFUSE_DEBUG"):
            raise
        sys.stderr.write(f"defuse: error: {describe(exc)} (DEFUSE_DEBUG=1 shows the details)\n")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "main"]

if __name__ == "__main__":  # pragma: no cover
    main()
