"""The optional LLM judge: per step a level, a rationale and verbatim quotes, checked.

The response schema is built from the rubric (one field per step, rationale before level,
level range validated). A quote that is not in the turn it names is rejected: the step is
asked again once, then the bad quote is dropped and flagged. The rule grader's score stands;
the judge adds commentary, and a step where the two differ by more than ``MARGIN`` points is
flagged for a coach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, create_model

from simulator.content import ContentSet
from simulator.grading import GradeReport
from simulator.llm import tokens
from simulator.llm.choice import LLMError, ModelSpec
from simulator.llm.providers import cost, provider_for
from simulator.models.content import Rubric, StepId
from simulator.models.transcript import Transcript

MARGIN = 25.0
"""Points between the judge's and the rule grader's step score that a coach should look at."""
BATCH_DISCOUNT = 0.5
EXPECTED_REPLY_TOKENS = 600
MAX_REPLY_TOKENS = 700
"""Tokens the judge may generate: a reply cut here does not parse and the judge is unavailable."""
RATIONALE_CHARS = 300
QUOTES_PER_STEP = 2
TIMEOUT_S = 60.0
"""Seconds one judge request may take (a weak local model writes about 40 tokens a second)."""


class Quote(BaseModel):
    """An agent's exact words from one turn."""

    turn: int = Field(ge=1)
    quote: str = Field(max_length=200)


def reply_model(rubric: Rubric) -> type[BaseModel]:
    """The structured reply: one judgement per assessed step, rationale before level."""
    fields: dict[str, Any] = {}
    for step in rubric.steps:
        if step.id is StepId.LOG_DATA:
            continue  # graded from the call log, not the transcript
        top = max(level.level for level in step.levels)
        judgement = create_model(
            f"Judgement_{step.id.value}",
            rationale=(
                str,
                Field(
                    max_length=RATIONALE_CHARS,
                    description="Why this level, in two sentences at most.",
                ),
            ),
            level=(int, Field(ge=0, le=top, description=f"0 to {top}")),
            quotes=(
                list[Quote],
                Field(
                    max_length=QUOTES_PER_STEP, description="The agent's exact words that show it."
                ),
            ),
        )
        fields[step.id.value] = (judgement, Field(description=step.title))
    steps = create_model("Steps", **fields)
    return create_model("JudgeReply", steps=(steps, ...))


def rubric_text(rubric: Rubric) -> str:
    """The rubric as the judge reads it."""
    lines = []
    for step in rubric.steps:
        if step.id is StepId.LOG_DATA:
            continue
        lines.append(f"## {step.id.value}: {step.title}\n{step.goal}")
        lines += [f"- level {lv.level} ({lv.name}): {lv.evidence}" for lv in step.levels]
    return "\n".join(lines)


def transcript_text(transcript: Transcript) -> str:
    """Numbered turns, one per line."""
    return "\n".join(
        f"{number}. {turn.speaker.title()}: {' '.join(turn.text.split())}"
        for number, turn in enumerate(transcript.turns, start=1)
    )


def _norm(text: str) -> str:
    return (
        re.sub(
            r"\s+", " ", text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
        )
        .strip()
        .lower()
    )


def quote_ok(quote: Quote, transcript: Transcript) -> bool:
    """True when the quote is, word for word, in the agent turn it names."""
    if not 1 <= quote.turn <= len(transcript.turns):
        return False
    turn = transcript.turns[quote.turn - 1]
    return (
        turn.speaker == "agent"
        and bool(quote.quote.strip())
        and _norm(quote.quote) in _norm(turn.text)
    )


@dataclass
class StepVerdict:
    """The judge on one step, beside the rule grader."""

    level: int
    score: float
    rationale: str
    quotes: list[dict[str, Any]]
    rule_score: float
    disagrees: bool


@dataclass
class JudgeResult:
    """The judge's commentary on a graded transcript."""

    model: ModelSpec
    steps: dict[str, StepVerdict] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    unavailable: str | None = None
    """Why there is no judgement (a reply that did not fit the schema, a failed call)."""

    def to_markdown(self) -> str:
        """The judge's commentary, for a person."""
        if self.unavailable:
            return (
                f"## LLM judge ({self.model.id}): judge unavailable ({self.unavailable}); "
                "the rule grade stands\n"
            )
        lines = [f"## LLM judge ({self.model.id}): commentary; the rule scores stand", ""]
        for step, v in self.steps.items():
            mark = "  \u26a0 differs from the rules" if v.disagrees else ""
            lines.append(
                f"- **{step}**: level {v.level} ({v.score:g}; rules {v.rule_score:g}){mark}. "
                f"{v.rationale}"
            )
            lines += [f"  - turn {q['turn']}: \u201c{q['quote']}\u201d" for q in v.quotes]
        if self.flags:
            lines += ["", "Flags for a coach:", *[f"- {flag}" for flag in self.flags]]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        """The ``judge`` object added to `defuse grade --format json`."""
        return {
            "model": self.model.id,
            "unavailable": self.unavailable,
            "steps": {
                step: {
                    "level": v.level,
                    "score": v.score,
                    "rationale": v.rationale,
                    "quotes": v.quotes,
                    "rule_score": v.rule_score,
                    "disagrees": v.disagrees,
                }
                for step, v in self.steps.items()
            },
            "flags": self.flags,
            "usage": {
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "cost_usd": cost(self.model, self.prompt_tokens, 0, self.completion_tokens),
            },
        }


class Judge:
    """Grades transcripts with a chat model's structured output."""

    def __init__(
        self, content: ContentSet, model: Any, spec: ModelSpec, rubric_id: str = "six_step"
    ) -> None:
        if not content.judge_instructions:
            raise LLMError("the LLM judge needs rubrics/judge.md")
        self.rubric = content.rubric(rubric_id)
        self.reply = reply_model(self.rubric)
        self.spec = spec
        method = provider_for(spec).structured_output_method
        kwargs = {"method": method, "include_raw": True} if method else {"include_raw": True}
        self.structured = model.with_structured_output(self.reply, **kwargs)
        self.instructions = content.judge_instructions.strip()

    def prompt(self, transcript: Transcript, retry_note: str = "") -> list[tuple[str, str]]:
        """The messages for one transcript."""
        user = (
            f"# Rubric\n{rubric_text(self.rubric)}\n\n# Transcript\n{transcript_text(transcript)}"
        )
        if retry_note:
            user += f"\n\n# Correction\n{retry_note}"
        return [("system", self.instructions), ("human", user)]

    def estimate_tokens(self, transcript: Transcript) -> int:
        """Prompt tokens one transcript will cost (for the estimate before a folder starts)."""
        return sum(tokens.count(text, self.spec.id) for _, text in self.prompt(transcript))

    def _ask(self, transcript: Transcript, result: JudgeResult, note: str = "") -> Any:
        try:
            out = self.structured.invoke(self.prompt(transcript, note))
        except Exception as exc:  # a provider error is one line for the user
            reason = str(exc).splitlines()[0] if str(exc) else ""
            raise LLMError(f"the model call failed: {type(exc).__name__}: {reason}") from None
        raw, parsed = out.get("raw"), out.get("parsed")
        usage = getattr(raw, "usage_metadata", None) or {}
        result.prompt_tokens += int(usage.get("input_tokens", 0)) or self.estimate_tokens(
            transcript
        )
        result.completion_tokens += int(usage.get("output_tokens", 0))
        if parsed is None:
            raise LLMError(f"its reply did not fit the schema: {_first_line(out)}")
        return parsed

    def judge(self, transcript: Transcript, report: GradeReport) -> JudgeResult:
        """Judge one transcript next to its rule grade.

        A reply that is invalid, cut off or off the schema, or a call that fails, gives a
        result that is ``unavailable`` with the reason: the rule grade stands on its own.
        """
        result = JudgeResult(self.spec)
        try:
            self._judge(transcript, report, result)
        except LLMError as exc:
            result.steps.clear()
            result.flags.clear()
            result.unavailable = str(exc)
        return result

    def _judge(self, transcript: Transcript, report: GradeReport, result: JudgeResult) -> None:
        reply = self._ask(transcript, result)
        steps = reply.steps.model_dump()
        bad = {
            step: [q for q in data["quotes"] if not quote_ok(Quote(**q), transcript)]
            for step, data in steps.items()
        }
        if any(bad.values()):
            listed = "; ".join(
                f"{step}: turn {q['turn']} \u201c{q['quote']}\u201d"
                for step, qs in bad.items()
                for q in qs
            )
            note = f"These quotes are not word for word in the turn named; quote exactly: {listed}"
            again = self._ask(transcript, result, note).steps.model_dump()
            for step, qs in bad.items():
                if qs:
                    steps[step] = again[step]
        self.combine(steps, transcript, report, result)

    def combine(
        self,
        steps: dict[str, Any],
        transcript: Transcript,
        report: GradeReport,
        result: JudgeResult,
    ) -> None:
        """Keep the verified quotes, flag the rest, and set each step beside the rule score."""
        for step_id, data in steps.items():
            kept: list[dict[str, Any]] = []
            dropped: list[dict[str, Any]] = []
            for q in data["quotes"]:
                (kept if quote_ok(Quote(**q), transcript) else dropped).append(q)
            for q in dropped:
                result.flags.append(
                    f"{step_id}: dropped a quote not found in turn {q['turn']}: \u201c{q['quote']}\u201d"
                )
            step = next(s for s in self.rubric.steps if s.id.value == step_id)
            fraction = next((lv.fraction for lv in step.levels if lv.level == data["level"]), 0.0)
            score = round(100 * fraction, 1)
            rule = report.steps[StepId(step_id)].score
            disagrees = abs(score - rule) > MARGIN
            if disagrees:
                result.flags.append(
                    f"{step_id}: the judge says {score:g}, the rules {rule:g}; a coach should look"
                )
            result.steps[step_id] = StepVerdict(
                data["level"], score, data["rationale"], kept, rule, disagrees
            )

    def request_body(self, transcript: Transcript) -> dict[str, Any]:
        """The OpenAI chat-completions body for one transcript (for the Batch API)."""
        roles = {"system": "system", "human": "user"}
        return {
            "model": self.spec.name,
            "temperature": 0,
            "messages": [{"role": roles[r], "content": c} for r, c in self.prompt(transcript)],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "JudgeReply", "schema": self.reply.model_json_schema()},
            },
        }

    def from_batch(
        self, body: dict[str, Any], transcript: Transcript, report: GradeReport
    ) -> JudgeResult:
        """A judgement from one Batch API response body (no second ask: bad quotes drop)."""
        result = JudgeResult(self.spec)
        usage = body.get("usage") or {}
        result.prompt_tokens = int(usage.get("prompt_tokens", 0))
        result.completion_tokens = int(usage.get("completion_tokens", 0))
        try:
            content = body["choices"][0]["message"]["content"]
            reply = self.reply.model_validate_json(content)
        except (KeyError, IndexError, ValueError) as exc:
            raise LLMError(f"a batch reply did not fit the schema: {exc}") from None
        self.combine(reply.steps.model_dump(), transcript, report, result)  # type: ignore[attr-defined]
        return result


def _first_line(out: dict[str, Any]) -> str:
    error = out.get("parsing_error")
    raw = out.get("raw")
    finish = (getattr(raw, "response_metadata", None) or {}).get("finish_reason")
    if finish == "length":
        return f"cut off at the {MAX_REPLY_TOKENS}-token limit"
    text = str(error).strip().splitlines()[0] if error else "no structured reply"
    return text[:200]


def build_judge(content: ContentSet, spec: ModelSpec) -> Judge:
    """A judge for ``spec``; its provider checks the endpoint first."""
    provider = provider_for(spec)
    provider.preflight(spec)
    model = provider.chat_model(
        spec, temperature=0.0, max_tokens=MAX_REPLY_TOKENS, timeout_s=TIMEOUT_S
    )
    return Judge(content, model, spec)


def folder_estimate(
    judge: Judge, transcripts: list[Transcript]
) -> tuple[int, float | None, float | None]:
    """(prompt tokens, USD now, USD through the batch API) for judging a folder.

    The batch price is None when the model's provider has no batch API or no price.
    """
    prompt = sum(judge.estimate_tokens(t) for t in transcripts)
    completion = EXPECTED_REPLY_TOKENS * len(transcripts)
    now = cost(judge.spec, prompt, 0, completion)
    if now is None or not provider_for(judge.spec).supports_batch:
        return prompt, now, None
    return prompt, now, round(now * BATCH_DISCOUNT, 6)
