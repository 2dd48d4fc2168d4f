"""Loading and validating content: personas, scenarios, rubrics and phrase banks."""

from simulator.content.errors import ContentError, ContentProblem
from simulator.content.loader import (
    KINDS,
    ContentSet,
    content_dirs,
    default_content,
    load_content,
    load_file,
    shipped_content_dir,
)

__all__ = [
    "KINDS",
    "ContentError",
    "ContentProblem",
    "ContentSet",
    "content_dirs",
    "default_content",
    "load_content",
    "load_file",
    "shipped_content_dir",
]
