"""The rule grader: a transcript (and optional call log) to a GradeReport with evidence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from simulator.content import ContentSet
from simulator.grading import expectations, steps
from simulator.grading.analysis import AgentTurn, Analysis, analyse
from simulator.grading.report import (
    GRADER_VERSION,
    AntiPatternHit,
    Evidence,
    GradeReport,
    Rewrite,
    StepResult,
    TurnMoves,
    weighted_total,
)
from simulator.grading.rewrite import rewrite_turn, turn_weakness
from simulator.models.content import (
    BankCategory,
    Costs,
    Phrase,
    Rubric,
    RubricStep,
    Scenario,
    StepId,
)
from simulator.models.moves import CRITICAL, FEELING, UNPROFESSIONAL, Move, in_order
from simulator.models.transcript import CallLog, Transcript
from simulator.moves import cues, detector_for
from simulator.moves.authority import grants
from simulator.moves.text import content_stems, normalise
from simulator.moves.wants import unmet

if TYPE_CHECKING:  # numpy and the learned layer load only when one is passed in
    from simulator.moves.learned import Fused

MAX_REWRITES = 2


class GradingError(Exception):
    """Grading could not run, e.g. a rubric tip names a value the grader does not provide."""


@dataclass(frozen=True)
class _Costs:
    hits: list[AntiPatternHit]
    by_step: dict[StepId, float]


class Grader:
    """Grades transcripts against one rubric, fed by a content set's phrase banks."""

    def __init__(
        self, content: ContentSet, rubric_id: str = "six_step", learned: Fused | None = None
    ) -> None:
        if rubric_id not in content.rubrics:
            known = ", ".join(content.rubrics) or "none"
            raise GradingError(f"unknown rubric {rubric_id!r}; expected one of: {known}")
        self.content = content
        self.rubric: Rubric = content.rubric(rubric_id)
        self.detector = detector_for(content)
        self.learned = learned
        self._avoid = content.phrases(BankCategory.AVOID)
        self._presumes = {
            id(p): frozenset().union(*(content_stems(normalise(w)) for w in p.presumes))
            for p in self._avoid
            if p.presumes
        }
        self.costs: Costs = self.rubric.costs or Costs()
        self._elements = {step.id: [e.id for e in step.elements] for step in self.rubric.steps}
        self._penalty_step = {
            move: step.id for step in self.rubric.steps for move in step.penalty_moves
        }

    def grade(
        self,
        transcript: Transcript,
        persona: str | None = None,
        call_log: CallLog | None = None,
    ) -> GradeReport:
        """Grade one transcript; ``persona`` and ``call_log`` override the transcript's own."""
        persona = persona or transcript.persona
        call_log = call_log or transcript.call_log
        scenario = self.content.scenarios.get(transcript.scenario or "")
        names = [scenario.customer.name] if scenario else []
        not_grantable, grantable = grants(scenario)
        analysis = analyse(
            transcript,
            self.detector,
            names,
            not_grantable=not_grantable,
            grantable=grantable,
            case_text=_case_text(scenario) if scenario else "",
            learned=self.learned,
            routine_possible=not persona,  # every persona is a customer with something to defuse
        )
        listed = self._elements
        heard = [frozenset(content_stems(normalise(t.text))) for t in transcript.turns]
        outcomes = {
            StepId.STAY_CALM: steps.stay_calm(analysis),
            StepId.GATHER_INFORMATION: steps.gather_information(analysis),
            StepId.CLARIFY_OUTCOME: steps.clarify_outcome(analysis),
            StepId.PRESENT_SOLUTION: steps.present_solution(
                analysis,
                legal_case=bool(scenario and scenario.legal_complexity),
                checked=listed.get(StepId.PRESENT_SOLUTION, ()),
                unmet=_unmet(scenario, analysis, heard) if scenario else (),
            ),
            StepId.FOLLOW_UP: steps.follow_up(analysis, listed.get(StepId.FOLLOW_UP, ())),
            StepId.LOG_DATA: steps.log_data(analysis, call_log, listed.get(StepId.LOG_DATA, ())),
        }
        known = self.content.personas.get(persona or "")
        expectations.apply(known.coaching if known else [], analysis, outcomes)
        said = call_words(analysis, heard)
        costs = self._anti_patterns(analysis, said)
        results = {
            step.id: self._step_result(
                step,
                outcomes[step.id],
                costs,
                assessed=step.id != StepId.LOG_DATA or bool(call_log),
            )
            for step in sorted(self.rubric.steps, key=lambda s: s.number)
        }
        scored = [(r.weight, r.score) for r in results.values() if r.assessed]
        ceiling, reason = self._ceiling(costs, analysis, weighted_total(scored, None))
        total = weighted_total(scored, ceiling)
        return GradeReport(
            total=total,
            grader=GRADER_VERSION,
            rubric=self.rubric.id,
            rubric_version=self.rubric.version,
            persona=persona,
            steps=results,
            anti_patterns=costs.hits,
            flags=[flag for o in outcomes.values() for flag in o.flags],
            rewrites=self._rewrites(analysis, said),
            turn_moves=[
                TurnMoves(turn=t.turn, moves=list(t.detection.moves)) for t in analysis.agent
            ],
            ceiling=ceiling,
            ceiling_reason=reason,
        )

    def _ceiling(
        self, costs: _Costs, analysis: Analysis, earned: float
    ) -> tuple[float | None, str]:
        """The cap on the total, and why (None when nothing caps it).

        Critical errors cap it, and so do unprofessional remarks in several turns and a
        customer who walks out of the call; the lowest cap wins.
        """
        found = (
            self._critical_cap(costs),
            self._walkout_cap(analysis, earned),
            self._tone_cap(costs),
        )
        caps = [c for c in found if c[0] is not None]
        return min(caps, key=lambda c: c[0] or 0) if caps else (None, "")

    def _tone_cap(self, costs: _Costs) -> tuple[float | None, str]:
        rule = self.costs
        turns = sorted({h.turn for h in costs.hits if h.move in UNPROFESSIONAL})
        if rule.unprofessional_ceiling >= 100 or len(turns) < rule.unprofessional_turns:
            return None, ""
        listed = ", ".join(str(t) for t in turns)
        return (
            rule.unprofessional_ceiling,
            f"capped at {rule.unprofessional_ceiling:g}: unprofessional remarks in {len(turns)} "
            f"turns ({listed})",
        )

    def _walkout_cap(self, analysis: Analysis, earned: float) -> tuple[float | None, str]:
        """A call the customer walked out of keeps only a share of what its steps earned."""
        share = self.costs.walkout_share
        turns = analysis.transcript.turns
        turn = next((n for n in range(len(turns), 0, -1) if turns[n - 1].speaker == "customer"), 0)
        last = turns[turn - 1].text if turn else ""
        if share >= 1 or cues.WALKED_OUT.search(last) is None:
            return None, ""
        cap = round(earned * share, 1)
        return (
            cap,
            f"capped at {cap:g} ({share:.0%} of {earned:g}): the customer left the call "
            f"unresolved at turn {turn} (\u201c{last}\u201d)",
        )

    def _critical_cap(self, costs: _Costs) -> tuple[float | None, str]:
        critical = [h for h in costs.hits if h.move in CRITICAL]
        rule = self.costs
        if not critical or rule.critical_ceiling >= 100:
            return None, ""
        cap = rule.critical_ceiling - rule.critical_step * (len(critical) - 1)
        cap = max(rule.critical_floor, cap)
        first = critical[0]
        where = f"turn {first.turn} (\u201c{first.quote}\u201d)"
        more = f" and {len(critical) - 1} more" if len(critical) > 1 else ""
        return (
            cap,
            f"capped at {cap:g}: a remark that insults or mocks the customer at {where}{more}",
        )

    def instead(
        self, move: Move, quote: str, said: frozenset[str] | None = None, core: str = ""
    ) -> Phrase | None:
        """The avoid-bank entry closest to what was said, for its better alternative.

        With ``said`` (the call's content stems, :func:`call_words`), an entry whose `instead`
        presumes something the call never mentions (a charge, a deadline, a delivery) is
        passed over for the closest one that fits. ``core`` is the words the detector found
        the move in ("i think."): closeness to them counts beside closeness to the sentence,
        so a long sentence is matched by what made it an anti-pattern too.
        """
        candidates = [p for p in self._avoid if p.move is move]
        if said is not None:
            candidates = [
                p for p in candidates if id(p) not in self._presumes or self._presumes[id(p)] & said
            ]
        if not candidates:
            return None
        low, centre = quote.lower(), core.lower()
        return max(
            candidates,
            key=lambda p: (
                fuzz.token_set_ratio(p.text.lower(), low)
                + (fuzz.token_set_ratio(p.text.lower(), centre) if centre else 0)
            ),
        )

    def _anti_patterns(self, analysis: Analysis, said: frozenset[str]) -> _Costs:
        hits: list[AntiPatternHit] = []
        by_step: dict[StepId, float] = {}
        acknowledged = _first_acknowledgement(analysis)
        for turn in analysis.agent:
            for move in turn.anti_patterns:
                for span in turn.detection.spans[move]:
                    quote = turn.quote(span)
                    if any(
                        h.turn == turn.turn and h.move is move and h.quote == quote for h in hits
                    ):
                        continue
                    core = turn.text[span[0] : span[1]]
                    entry = self.instead(move, quote, said, core)
                    cost, note = self.costs.anti_pattern, ""
                    # On a routine call there is no feeling to acknowledge first.
                    if (
                        move is Move.CITE_POLICY
                        and not analysis.calm
                        and (acknowledged is None or acknowledged > (turn.turn, span[0]))
                    ):
                        cost, note = (
                            self.costs.policy_before_acknowledgement,
                            "policy quoted before acknowledging",
                        )
                    step = self._penalty_step.get(move, StepId.STAY_CALM)
                    by_step[step] = by_step.get(step, 0.0) + cost
                    hits.append(
                        AntiPatternHit(
                            move=move,
                            turn=turn.turn,
                            quote=quote,
                            instead=(entry.instead or "") if entry else "",
                            why=(entry.why or "") if entry else "",
                            note=note,
                        )
                    )
        return _Costs(hits, {k: min(v, self.costs.anti_patterns_max) for k, v in by_step.items()})

    def _step_result(
        self, step: RubricStep, outcome: steps.Outcome, costs: _Costs, assessed: bool
    ) -> StepResult:
        if not assessed:
            return StepResult(
                id=step.id,
                number=step.number,
                title=step.title,
                weight=step.weight,
                assessed=False,
                level=None,
                level_name="not assessed",
                score=0.0,
                evidence=[],
                missing=[],
                rationale="No call log was given, so this step is "
                "left out and the total is weighted over the other steps.",
                tip=self._tip(step, "absent", {}),
            )
        level = min(outcome.level, len(step.levels) - 1)
        rubric_level = step.levels[level]
        cost = costs.by_step.get(step.id, 0.0)
        deduction = sum(getattr(self.costs, name) for name in outcome.deductions)
        fraction = max(0.0, min(1.0, rubric_level.fraction - cost - deduction))
        tip_key, tip_vars = outcome.tip, outcome.tip_vars
        step_hits = [
            h for h in costs.hits if self._penalty_step.get(h.move, StepId.STAY_CALM) is step.id
        ]
        if step_hits and tip_key == "strong":
            hit = step_hits[0]
            tip_key = "anti_pattern"
            tip_vars = {"turn": str(hit.turn), "quote": hit.quote, "instead": hit.instead}
        rationale = [f"{rubric_level.name}: {rubric_level.evidence}"]
        if outcome.missing:
            rationale.append("Missing: " + "; ".join(outcome.missing) + ".")
        if step_hits:
            rationale.append(
                f"{len(step_hits)} anti-pattern(s) cost {round(cost * 100)} points of this step."
            )
        rationale.extend(f"{r}." for r in outcome.rationale)
        return StepResult(
            id=step.id,
            number=step.number,
            title=step.title,
            weight=step.weight,
            assessed=True,
            level=level,
            level_name=rubric_level.name,
            score=round(fraction * 100, 1),
            evidence=_unique(outcome.evidence),
            missing=outcome.missing,
            rationale=" ".join(rationale),
            tip=self._tip(step, tip_key, tip_vars),
        )

    def _tip(self, step: RubricStep, key: str, values: dict[str, str]) -> str:
        template = step.tips.get(key) or step.tips.get("strong")
        if template is None:
            raise GradingError(
                f"rubric {self.rubric.id!r} step {step.id.value!r} has no tip {key!r}; "
                "add it under the step's tips"
            )
        filled = {"turn": "", "quote": "", "instead": "", "missing": ""} | {
            k: _short(v) for k, v in values.items()
        }
        try:
            return template.format_map(filled)
        except (KeyError, IndexError, ValueError) as exc:
            raise GradingError(
                f"rubric {self.rubric.id!r} step {step.id.value!r} tip {key!r} uses {exc}, "
                "which the grader does not fill; use {turn}, {quote}, {instead} or {missing}"
            ) from None

    def _rewrites(self, analysis: Analysis, said: frozenset[str]) -> list[Rewrite]:
        weak: list[AgentTurn] = sorted(
            (t for t in analysis.agent if turn_weakness(t) < 1), key=turn_weakness
        )

        def instead(move: Move, quote: str) -> str:
            entry = self.instead(move, quote, said)
            return entry.instead or "" if entry else ""

        found: list[Rewrite] = []
        for turn in weak:
            rewrite = rewrite_turn(turn, self.rubric.rewrite, instead)
            if rewrite is not None:
                found.append(rewrite)
            if len(found) == MAX_REWRITES:
                break
        return sorted(found, key=lambda r: r.turn)


def _unmet(scenario: Scenario, analysis: Analysis, heard: list[frozenset[str]]) -> list[str]:
    """Parts of what the customer asked for that no agent turn dealt with.

    ``heard`` is each turn's content stems, in transcript order (agent turns are numbered
    from 1 in it).
    """
    turns = analysis.transcript.turns
    customer = [heard[n] for n, t in enumerate(turns) if t.speaker == "customer"]
    agent = [(heard[t.turn - 1], frozenset(t.detection.moves)) for t in analysis.agent]
    return unmet(scenario, customer, agent)


def call_words(analysis: Analysis, heard: list[frozenset[str]] | None = None) -> frozenset[str]:
    """Content stems of everything said in the call, and of its case when it is known.

    ``heard``: each turn's content stems, when the caller has them already.
    """
    if heard is None:
        heard = [frozenset(content_stems(normalise(t.text))) for t in analysis.transcript.turns]
    return analysis.case_words.union(*heard)


def _case_text(scenario: Scenario) -> str:
    """What the case is about, for telling a plan that fits it from one that does not."""
    parts = [
        scenario.title,
        scenario.summary,
        scenario.reason_for_call,
        scenario.trigger,
        scenario.expected,
        scenario.desired_outcome,
    ]
    parts += [o.text for o in scenario.options] + [f.text for f in scenario.facts]
    return " ".join(parts)


def _first_acknowledgement(analysis: Analysis) -> tuple[int, int] | None:
    """(turn, offset) of the first acknowledgement or apology, credited or not."""
    found = [
        (turn.turn, span[0])
        for turn in analysis.agent
        for move in in_order(FEELING)
        for span in turn.detection.spans.get(move, ())
    ]
    return min(found) if found else None


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[int, str]] = set()
    kept = []
    for item in evidence:
        if (item.turn, item.quote) not in seen:
            seen.add((item.turn, item.quote))
            kept.append(item)
    return kept


_MAX_QUOTE = 160


def _short(text: str) -> str:
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1].rstrip() + "\u2026"


@lru_cache(maxsize=4)
def grader_for(content: ContentSet) -> Grader:
    """One six-step rule grader per content set (content sets are immutable)."""
    return Grader(content)
