"""The offline customer: words each beat from the persona's line bank, no model weights.

Lines are filled with the scenario's details, chosen by mood band with a seeded random
generator, and never repeated within a call.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import lru_cache

from simulator.models.content import Scenario
from simulator.models.lines import (
    ANSWERING,
    Line,
    LineBank,
    LineKind,
    MoodBand,
    placeholders,
    stance,
)
from simulator.moves.text import SENTENCE_OPENERS, normalise, split_sentences
from simulator.practice.actor import Cue, Spoken, TokenSink
from simulator.practice.coherence import ANSWER_OPENS, MAX_QUESTIONS, acts, is_ack
from simulator.practice.director import Beat
from simulator.practice.mood import band
from simulator.practice.premises import BARE_ANSWER, NOTHING_HEARD, Heard, fitting, hear


def scenario_values(scenario: Scenario, rng: random.Random) -> dict[str, str]:
    """Placeholder values every line may use."""
    details = [d.value for d in scenario.customer.details.values() if d.known]
    return {
        "name": scenario.customer.name.split()[0],
        "full_name": scenario.customer.name,
        "reason": scenario.reason_for_call,
        "desired": scenario.desired_outcome,
        "expected": scenario.expected,
        "trigger": scenario.trigger,
        "correction": scenario.trigger,
        "detail": rng.choice(details) if details else scenario.customer.name,
        "industry": scenario.industry,
        "fact": "",
        "grievance": scenario.trigger,
        "question": "",
        "time": "",
        "item": scenario.desired_outcome,
        "choice": "",
        "want": "",
        "answer": "yes",
        "wh": "what",
    }


class OfflineActor:
    """Plays one persona from its line bank."""

    name = "offline"

    def __init__(self, bank: LineBank, scenario: Scenario) -> None:
        self.bank = bank
        self.scenario = scenario

    def choose(
        self,
        kind: LineKind,
        heat: float,
        used: Sequence[str],
        rng: random.Random,
        said: frozenset[str] = frozenset(),
        heard: Heard = NOTHING_HEARD,
    ) -> str:
        """Pick an unused template of ``kind`` for the heat, widening the band if needed.

        Only lines whose premises the agent's turn holds (``heard``) are said, those that
        answer what the agent actually said first. A template that would say again a
        sentence in ``said`` (this reply so far, as ``_sentences`` gives them), or thank or
        say goodbye again, is passed over while another is left.
        """
        mood = MoodBand(band(heat))
        spent = set(used)
        for pool in (self.bank.entries(kind, mood), self.bank.entries(kind)):
            fitting_lines = fitting(pool, heard)
            if heard.content_only:  # "what went wrong?" is not answered "Sure."
                fitting_lines = [
                    line for line in fitting_lines if not BARE_ANSWER.match(line.text)
                ] or fitting_lines
            fresh = [line.text for line in fitting_lines if line.text not in spent]
            new = [t for t in fresh if not (_sentences(t) | _acts(t)) & said]
            new = new if said else fresh
            if new or fresh:
                choices = new or fresh
                # Lines that answer what the agent said come first: choose among them.
                specific = [t for t in choices if t in _premised(fitting_lines)]
                return rng.choice(specific or choices)
        # Every fitting line of this kind has been said: repeat the one said longest ago.
        pool_texts = [line.text for line in fitting(self.bank.entries(kind), heard)]
        order = {template: index for index, template in enumerate(used)}
        return min(pool_texts, key=lambda t: order.get(t, -1))

    def speak(self, cue: Cue, rng: random.Random) -> Spoken:
        """Word a reply: one line per beat, filled with the scenario's details."""
        return self.lines(cue.beats, cue.state.heat, cue.state.used, rng, hear(cue.trainee))

    def lines(
        self,
        beats: Sequence[Beat],
        heat: float,
        used: Sequence[str],
        rng: random.Random,
        heard: Heard = NOTHING_HEARD,
    ) -> Spoken:
        """The reply for ``beats`` at ``heat``, avoiding the ``used`` templates.

        ``heard`` is what the agent's turn makes true: lines taking more for granted are
        passed over.
        """
        values = scenario_values(self.scenario, rng)
        parts: list[str] = []
        templates: list[str] = []
        said: frozenset[str] = frozenset()
        asked = 0
        # Last beat first: the closing beats (a goodbye always thanks) choose before the
        # beats ahead of them, which then pick a line that does not thank again.
        for index in reversed(range(len(beats))):
            beat = beats[index]
            # A line of theirs ending in a question, then their answer to the agent, reads
            # as answering their own question: before an answer, a line that asks nothing.
            answer_next = any(b.kind in ANSWERING for b in beats[index + 1 : index + 2]) or bool(
                templates and ANSWER_OPENS.match(templates[0].strip())
            )
            avoid = said | {"act:ask"} if answer_next else said
            template = self.choose(beat.kind, heat, [*used, *templates], rng, avoid, heard)
            said |= _sentences(template) | _acts(template)
            asked += template.format_map({**values, **beat.values}).count("?")
            if asked >= MAX_QUESTIONS - 1:
                said |= {"act:ask"}  # a third question mark would make a stack of them
            templates.insert(0, template)
        pushes_back = any(stance(beat.kind) < 0 for beat in beats)
        for index, (beat, chosen) in enumerate(zip(beats, templates, strict=True)):
            template = chosen
            after_question = bool(parts) and parts[-1].endswith("?")
            before_no = any(stance(later.kind) < 0 for later in beats[index + 1 :])
            if (after_question or before_no) and "act:ack" in _acts(template):
                # A bare "Sure." after its own question reads as two people, and before a
                # no it contradicts it ("Sure. Probably not."): say another.
                others = [t for i, t in enumerate(templates) if i != index]
                template = self.choose(
                    beat.kind, heat, [*used, *others], rng, frozenset({"act:ack"}), heard
                )
                templates[index] = template
                if before_no and "act:ack" in _acts(template):
                    continue  # only nods for this beat: the no that follows says enough
            filled = {**values, **beat.values}
            for name in _slots(template):
                filled[name] = _cased(template, name, filled.get(name, ""))
            part = template.format_map(filled).strip()
            if pushes_back or after_question:
                part = _unacknowledged(part)
            if before_no:
                part = _unacknowledged(part, last=True)
            if beat.kind is LineKind.GOODBYE and parts:
                # One sign-off, not a stack: "No, we're done. Right. Thanks. Bye." loses the
                # nods between what they said and the goodbye.
                parts[-1] = _unacknowledged(parts[-1], last=True)
                part = _unacknowledged(part)
            parts.append(part[:1].upper() + part[1:])  # "{time}. Okay." from "in ten minutes"
        return Spoken(" ".join(parts), tuple(templates), parts=tuple(parts))

    def stream(self, cue: Cue, rng: random.Random, sink: TokenSink) -> Spoken:
        """The same reply as ``speak``, passed to ``sink`` word by word."""
        spoken = self.speak(cue, rng)
        for index, word in enumerate(spoken.text.split(" ")):
            sink(word if index == 0 else " " + word)
        return spoken


def _unacknowledged(part: str, last: bool = False) -> str:
    """``part`` without its leading (or ``last``, trailing) "Fine." or "Okay.".

    No nod after a question or before a no; a part that is only a nod is left whole.
    """
    sentences = split_sentences(part)
    if len(sentences) < 2:
        return part
    nod = sentences[-1] if last else sentences[0]
    if not is_ack(nod):
        return part
    if last:
        return part[: part.rfind(nod)].strip()
    return part[part.find(nod) + len(nod) :].strip()


@lru_cache(maxsize=4096)
def _slots(template: str) -> tuple[str, ...]:
    """The placeholders a template fills."""
    return tuple(dict.fromkeys(placeholders(template)))


def _cased(template: str, name: str, clause: str) -> str:
    """``clause`` capitalised where the template starts a sentence with it, else not.

    A detail, a fact or what is still open is said as a clause ("the booking reference is
    QZ7LMP", "The young woman at the desk...") that may open the line or follow "Sure, " or
    "For the record, ".
    """
    at = template.find("{" + name + "}")
    if at < 0 or not clause:
        return clause
    before = template[:at].rstrip()
    if not before or before[-1] in ".!?:":
        return clause[:1].upper() + clause[1:]
    if clause[:1].isupper() and not re.match(r"(?:I\b|I'|[A-Z][a-z]*[A-Z0-9])", clause):
        first = clause.split(" ", 1)[0]
        if first.lower() in SENTENCE_OPENERS:
            return clause[:1].lower() + clause[1:]
    return clause


@lru_cache(maxsize=4096)
def _sentences(template: str) -> frozenset[str]:
    """The template's sentences, normalised, to keep one reply from saying one twice."""
    return frozenset(normalise(t).strip(" .!?") for t in split_sentences(template))


@lru_cache(maxsize=4096)
def _acts(template: str) -> frozenset[str]:
    """What the template does that a reply does once (thanks, goodbye), as ``act:<name>``."""
    found = {f"act:{name}" for name in acts(template)}
    if all(is_ack(sentence) for sentence in split_sentences(template)):
        found.add("act:ack")  # only nods ("Sure.", "Okay. Go on.")
    return frozenset(found | {"act:ask"} if "?" in template else found)


def _premised(lines: Sequence[Line]) -> set[str]:
    return {line.text for line in lines if line.premised}
