"""Load content folders into validated models, reporting every problem in one pass.

A content folder holds ``personas/``, ``personas/lines/``, ``scenarios/``, ``rubrics/`` and
``rubrics/phrases/``.
The shipped folder comes first; each folder given later adds files or overrides an id.
Phrase banks of the same category add up, so a company can add phrases without code.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, RootModel, ValidationError

from simulator.content.describe import describe, field_name, full_loc
from simulator.content.errors import ContentError, ContentProblem, display_path
from simulator.content.yamlpos import Located, YamlSyntaxError, parse
from simulator.models.content import BankCategory, Persona, Phrase, PhraseBank, Rubric, Scenario
from simulator.models.lines import Directions, LineBank

MAX_FILE_BYTES = 1_000_000
ENV_CONTENT_DIR = "DEFUSE_CONTENT_DIR"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Kind:
    """One kind of content file: its folder inside a content dir and its model."""

    name: str
    folder: str
    model: type[BaseModel]


KINDS: tuple[Kind, ...] = (
    Kind("persona", "personas", Persona),
    Kind("scenario", "scenarios", Scenario),
    Kind("rubric", "rubrics", Rubric),
    Kind("phrasebank", "rubrics/phrases", PhraseBank),
    Kind("lines", "personas/lines", LineBank),
    Kind("directions", "personas/acting", Directions),
)


def shipped_content_dir() -> Path:
    """Return the content shipped with Defuse (inside the wheel, or the repo's top level)."""
    packaged = Path(__file__).resolve().parent.parent / "_content"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2]


def content_dirs(extra: Sequence[Path] = ()) -> tuple[Path, ...]:
    """Shipped content, then DEFUSE_CONTENT_DIR (os.pathsep-separated), then ``extra``."""
    env = [Path(p) for p in os.environ.get(ENV_CONTENT_DIR, "").split(os.pathsep) if p]
    return (shipped_content_dir(), *env, *extra)


@dataclass(frozen=True)
class Loaded:
    """A validated content item and where it came from."""

    item: Any
    path: Path
    located: Located


@dataclass(frozen=True, eq=False)
class ContentSet:
    """Everything loaded from the content folders, after overrides and merges.

    Compared and hashed by identity, so caches can key on a loaded content set.
    """

    personas: Mapping[str, Persona]
    scenarios: Mapping[str, Scenario]
    rubrics: Mapping[str, Rubric]
    phrase_banks: Mapping[str, PhraseBank]
    line_banks: Mapping[str, LineBank] = field(default_factory=dict)
    """The offline customer's lines, keyed by persona id."""
    directions: Mapping[str, Directions] = field(default_factory=dict)
    """Stage directions for an LLM customer, keyed by id ('default')."""
    guidelines: str = ""
    """The acting guidelines for an LLM customer (personas/acting/guidelines.md)."""
    judge_instructions: str = ""
    """Instructions for the LLM judge (rubrics/judge.md)."""
    sources: Mapping[tuple[str, str], Path] = field(default_factory=dict)

    def phrases(self, category: BankCategory | None = None) -> list[Phrase]:
        """All phrases of a category across banks (every category when None)."""
        return [
            phrase
            for bank in self.phrase_banks.values()
            if category is None or bank.category is category
            for phrase in bank.phrases
        ]

    def rubric(self, rubric_id: str = "six_step") -> Rubric:
        """Return a rubric with ``extends`` resolved: the parent's steps, reweighted."""
        rubric = self.rubrics[rubric_id]
        if rubric.extends is None:
            return rubric
        parent = self.rubric(rubric.extends)
        steps = [
            step.model_copy(update={"weight": rubric.weights.get(step.id, step.weight)})
            for step in parent.steps
        ]
        return rubric.model_copy(
            update={
                "steps": steps,
                "extends": None,
                "weights": {},
                "costs": rubric.costs or parent.costs,
                "rewrite": parent.rewrite | rubric.rewrite,
            }
        )


YAML_SUFFIXES = (".yaml", ".yml")
"""Content file names end in one of these, in any case."""


def _files(directory: Path, kind: Kind) -> list[Path]:
    """The content files of one kind: every YAML name, read or reported by read_text.

    A YAML name that is not a regular file (a folder, a pipe, a link to nothing) is kept, so
    it is reported rather than silently skipped, unless it is hidden (an editor's lock file).
    """
    folder = directory / kind.folder
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in YAML_SUFFIXES
        and p.stem
        and (p.is_file() or not p.name.startswith("."))
    )


def read_text(path: Path) -> str:
    """Read a content file as UTF-8 text, refusing binaries, oversized and unreadable files.

    Never opens anything but a regular file: a pipe named like a content file would block.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise YamlSyntaxError(
            1, "a link to a file that does not exist; expected a YAML file"
        ) from None
    except OSError as exc:
        raise YamlSyntaxError(
            1, f"cannot read it ({exc.strerror or exc}); expected a YAML file"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise YamlSyntaxError(1, f"{what}; expected a YAML file")
    if info.st_size > MAX_FILE_BYTES:
        raise YamlSyntaxError(1, f"file is {info.st_size} bytes; expected at most {MAX_FILE_BYTES}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlSyntaxError(
            1, f"cannot read it ({exc.strerror or exc}); check its permissions"
        ) from None
    if b"\x00" in raw:
        raise YamlSyntaxError(1, "binary file; expected UTF-8 YAML text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(1, f"not UTF-8 text ({exc.reason}); save it as UTF-8") from None


def load_file(path: Path, model: type[M]) -> tuple[M, Located]:
    """Load one YAML file into ``model``; raise ContentError naming every problem in it."""
    try:
        located = parse(read_text(path))
    except YamlSyntaxError as exc:
        raise ContentError([ContentProblem(path, exc.line, "", exc.message)]) from None
    if not isinstance(located.data, dict):
        got = "an empty file" if located.data is None else type(located.data).__name__
        if issubclass(model, RootModel):  # a mapping of names to entries
            message = f"expected a mapping; got {got}"
        else:
            fields = ", ".join(n for n, f in model.model_fields.items() if f.is_required())
            message = f"expected a mapping with fields {fields}; got {got}"
        raise ContentError([ContentProblem(path, 1, "", message)])
    try:
        return model.model_validate(located.data), located
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = full_loc(error)
            line = located.line_of(tuple(p for p in loc if p != "[key]"))
            problems.append(ContentProblem(path, line, field_name(loc), describe(error, model)))
        raise ContentError(problems) from None


def _load_layer(
    directory: Path, problems: list[ContentProblem], failed: set[str]
) -> dict[str, dict[str, Loaded]]:
    layer: dict[str, dict[str, Loaded]] = {kind.name: {} for kind in KINDS}
    for kind in KINDS:
        for path in _files(directory, kind):
            try:
                item, located = load_file(path, kind.model)
            except ContentError as exc:
                problems.extend(exc.problems)
                failed.add(kind.name)
                continue
            item_id: str = item.id  # type: ignore[attr-defined]
            first = layer[kind.name].get(item_id)
            if first is not None:
                problems.append(
                    ContentProblem(
                        path,
                        located.line_of(("id",)),
                        "id",
                        f"duplicate {kind.name} id {item_id!r}, already used by "
                        f"{display_path(first.path)}; expected a unique id",
                    )
                )
                continue
            layer[kind.name][item_id] = Loaded(item, path, located)
    return layer


def _check_references(
    merged: dict[str, dict[str, Loaded]], problems: list[ContentProblem], failed: set[str]
) -> None:
    """Check ids named across files.

    Skipped for a kind whose own files failed to load: a reference to a broken file would
    only repeat that file's error.
    """
    personas = sorted(merged["persona"])
    for loaded in merged["scenario"].values() if "persona" not in failed else ():
        scenario: Scenario = loaded.item
        for index, persona_id in enumerate(scenario.personas):
            if persona_id not in merged["persona"]:
                problems.append(
                    ContentProblem(
                        loaded.path,
                        loaded.located.line_of(("personas", index)),
                        f"personas[{index}]",
                        f"unknown persona {persona_id!r}; expected one of: {', '.join(personas)}"
                        if personas
                        else f"unknown persona {persona_id!r}; no personas are loaded",
                    )
                )
    for loaded in merged["lines"].values() if "persona" not in failed else ():
        if loaded.item.id not in merged["persona"]:
            problems.append(
                ContentProblem(
                    loaded.path,
                    loaded.located.line_of(("id",)),
                    "id",
                    f"unknown persona {loaded.item.id!r}; expected the id of a persona "
                    f"({', '.join(personas)})",
                )
            )
    for loaded in merged["rubric"].values() if "rubric" not in failed else ():
        rubric: Rubric = loaded.item
        if rubric.extends is not None and rubric.extends not in merged["rubric"]:
            known = ", ".join(sorted(merged["rubric"]))
            problems.append(
                ContentProblem(
                    loaded.path,
                    loaded.located.line_of(("extends",)),
                    "extends",
                    f"unknown rubric {rubric.extends!r}; expected one of: {known}",
                )
            )
            continue
        chain, current = [rubric.id], rubric.extends
        while current is not None and current in merged["rubric"] and current not in chain:
            chain.append(current)
            current = merged["rubric"][current].item.extends
        if current is not None and current in chain:
            loop = " -> ".join([*chain[chain.index(current) :], current])
            problems.append(
                ContentProblem(
                    loaded.path,
                    loaded.located.line_of(("extends",)),
                    "extends",
                    f"rubrics extend each other in a loop ({loop}); expected a chain that ends "
                    "in a rubric with its own steps",
                )
            )


def load_content(directories: Iterable[Path]) -> ContentSet:
    """Load and merge content folders in order; raise ContentError listing every problem."""
    directories = list(directories)
    problems: list[ContentProblem] = []
    failed: set[str] = set()
    merged: dict[str, dict[str, Loaded]] = {kind.name: {} for kind in KINDS}
    for directory in directories:
        if not directory.is_dir():
            problems.append(
                ContentProblem(directory, 1, "", "content folder not found; expected a folder")
            )
            continue
        for kind_name, found in _load_layer(directory, problems, failed).items():
            merged[kind_name].update(found)
    _check_references(merged, problems, failed)
    if problems:
        raise ContentError(problems)

    def items(kind: str) -> dict[str, Any]:
        return {item_id: loaded.item for item_id, loaded in sorted(merged[kind].items())}

    return ContentSet(
        personas=items("persona"),
        scenarios=items("scenario"),
        rubrics=items("rubric"),
        phrase_banks=items("phrasebank"),
        line_banks=items("lines"),
        directions=items("directions"),
        guidelines=_markdown(directories, GUIDELINES),
        judge_instructions=_markdown(directories, JUDGE),
        sources={(k, i): loaded.path for k, group in merged.items() for i, loaded in group.items()},
    )


GUIDELINES = Path("personas") / "acting" / "guidelines.md"
JUDGE = Path("rubrics") / "judge.md"


def _markdown(directories: Iterable[Path], name: Path) -> str:
    """The last content folder's copy of a markdown file (a company's override wins)."""
    text = ""
    for directory in directories:
        path = directory / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
    return text


@lru_cache(maxsize=8)
def _cached(directories: tuple[Path, ...]) -> ContentSet:
    return load_content(directories)


def default_content(extra: Sequence[Path] = ()) -> ContentSet:
    """Load the configured content once per process (content is immutable)."""
    return _cached(content_dirs(extra))
