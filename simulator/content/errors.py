"""One error type for content: every problem names the file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies inside it.

    The file's own name is kept when it is a link, so a link that points nowhere is named,
    not its missing target.
    """
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong with one content file."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{display_path(self.path)}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ContentError(Exception):
    """Content failed to load; carries every problem found in one pass."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))
