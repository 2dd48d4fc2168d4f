"""Judging a folder through a provider's batch API (OpenAI's), at half the price, collected later.

``submit`` uploads one request per transcript and starts a batch; a manifest in Defuse's
data folder remembers which request is which file. ``collect`` fetches the results once the
batch has completed and judges each transcript beside its rule grade.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.grading import Grader, read_transcript
from simulator.llm.choice import LLMError, ModelSpec
from simulator.llm.judge import Judge
from simulator.llm.providers import provider_for
from simulator.storage.config import data_dir


@dataclass(frozen=True)
class Submitted:
    """A batch that has been started."""

    id: str
    status: str
    requests: int
    manifest: Path


def _client(spec: ModelSpec) -> Any:
    provider = provider_for(spec)
    if not provider.supports_batch:
        raise LLMError(
            f"the provider {provider.name!r} has no batch API Defuse can use; "
            "use a model of one that has (e.g. openai:gpt-4o-mini) for --batch"
        )
    return provider.batch_client()


def manifest_path(batch_id: str) -> Path:
    """Where a batch's manifest is kept."""
    return data_dir() / "batches" / f"{batch_id}.json"


def submit(judge: Judge, files: list[Path]) -> Submitted:
    """Upload one judge request per transcript and start a batch."""
    client = _client(judge.spec)
    lines = [
        json.dumps(
            {
                "custom_id": f"t{index}",
                "method": "POST",
                "url": "/v1/chat/completions",
                "body": judge.request_body(read_transcript(path)),
            }
        )
        for index, path in enumerate(files)
    ]
    try:
        upload = client.files.create(
            file=("defuse-judge.jsonl", ("\n".join(lines) + "\n").encode()), purpose="batch"
        )
        batch = client.batches.create(
            input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h"
        )
    except Exception as exc:
        raise LLMError(f"could not start the batch: {type(exc).__name__}: {exc}") from None
    path = manifest_path(batch.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "model": judge.spec.id,
                "files": {f"t{i}": str(p.resolve()) for i, p in enumerate(files)},
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return Submitted(batch.id, batch.status, len(files), path)


def collect(judge: Judge, grader: Grader, batch_id: str) -> tuple[str, list[dict[str, Any]]]:
    """(status, rows): the judged rows once the batch has completed, else no rows."""
    path = manifest_path(batch_id)
    if not path.is_file():
        raise LLMError(f"no batch {batch_id!r} was started from this machine ({path} is missing)")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    client = _client(judge.spec)
    try:
        batch = client.batches.retrieve(batch_id)
        if batch.status != "completed":
            return batch.status, []
        output = client.files.content(batch.output_file_id).text
    except Exception as exc:
        raise LLMError(f"could not fetch the batch: {type(exc).__name__}: {exc}") from None
    rows = []
    for line in output.splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        file = Path(manifest["files"][item["custom_id"]])
        transcript = read_transcript(file)
        report = grader.grade(transcript)
        row: dict[str, Any] = {"file": file.name, "total": report.total}
        try:
            row["judge"] = judge.from_batch(item["response"]["body"], transcript, report).to_json()
        except (LLMError, KeyError, TypeError) as exc:
            row["error"] = str(exc)
        rows.append(row)
    return "completed", rows
