"""The customer's open items: what they asked, demanded and complained of, and what is settled.

Every reply is planned from these. An item is raised when the customer says it (a question,
a demand, a complaint, a new issue), closed when a trainee turn answers it (an answer to an
earlier item counts even after newer ones), acknowledged once after that and never raised
again; a skipped item is named when it comes back, once, and then let go. What the agent
has committed to (a time, an action, a handoff) is kept beside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from simulator.models.moves import HEARD, Move, answering
from simulator.moves.text import SENTENCE_OPENERS, content_stems, normalise, split_sentences
from simulator.practice.coherence import is_ack

NEEDS = ("when", "manager", "request", "competence", "history", "other")
"""What an item waits for: the question kinds of ``simulator.models.moves``."""
ANSWERS: dict[str, frozenset[Move]] = {need: answering(need) for need in NEEDS}
"""Moves that answer each kind of customer question (from the moves' traits)."""
DEALT_WITH = ANSWERS["request"] | ANSWERS["when"]
"""Moves that deal with a new issue: a plan, an option, a time, a handoff."""
TIMES_SAID = 2
"""A skipped item is said this often (raised, then named once as skipped) and then let go."""
ASKED_ABOUT_OVERLAP = 1
"""Content words a trainee question must share with a new issue to be about it."""
COMPLAINT_NAMED_OVERLAP = 2
"""Content words a plan, time or handoff must share with a complaint to deal with it."""
_CONNECTOR = re.compile(
    r"^(?:(?:good|okay|ok|right|now that's sorted|now that is sorted)[.,]\s*)?"
    r"(?:there(?:'s| is) also\s+|there(?:'s| is) one more thing,?\s*(?:actually[.,]?\s*)?)?"
    r"(?:(?:oh,?\s*)?(?:and|also|plus)\b,?(?:\.\.\.|…)?\s*|(?:one more|another) thing[^:.]*[:.]\s*|"
    r"while i(?:'ve got| have) you,?\s*|next thing:\s*)*",
    re.IGNORECASE,
)


class ItemKind(StrEnum):
    """What the customer raised."""

    QUESTION = "question"
    DEMAND = "demand"
    """Something they want done or given (a manager, an exception, a discount)."""
    COMPLAINT = "complaint"
    ISSUE = "issue"
    """A new problem raised after the first one was settled."""


class Status(StrEnum):
    """Where an item stands."""

    OPEN = "open"
    ANSWERED = "answered"
    DROPPED = "dropped"
    """Skipped, named once, skipped again: the customer let it go."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Frozen):
    """One thing the customer raised, as they said it."""

    kind: ItemKind
    need: str = "other"
    """What answers it (one of ``NEEDS``)."""
    text: str
    """The customer's words, one sentence."""
    turn: int
    """The trainee turn after which the customer raised it (0 for the opening)."""
    status: Status = Status.OPEN
    said: int = 1
    """Times the customer has said it (raised, then named as skipped)."""
    last_said: int | None = None
    """The trainee turn after which the customer last named it, when named again."""
    answered_turn: int | None = None
    noted: bool = False
    """The customer has acknowledged the answer (done once, in the next reply)."""
    explained: bool = False
    """For an issue: the customer has said more about it when asked."""
    detail: str = ""
    """For an issue: what more the customer says about it when asked (from its line)."""

    @property
    def open(self) -> bool:
        """True while the customer still waits on it."""
        return self.status is Status.OPEN

    @property
    def said_at(self) -> int:
        """The trainee turn after which the customer last said it."""
        return self.turn if self.last_said is None else self.last_said


class Commitment(_Frozen):
    """Something the agent has promised on this call."""

    kind: str
    """``time``, ``action`` or ``handoff``."""
    text: str
    """For a time, the time as the detector matched it; empty for a plan or a handoff."""
    turn: int


def statement(sentence: str) -> str:
    """A raised issue as a plain sentence: "Oh, and the app ..." becomes "The app ..."."""
    plain = _CONNECTOR.sub("", sentence.strip()).strip()
    return plain[:1].upper() + plain[1:] if plain else sentence.strip()


MIN_ISSUE_WORDS = 2
"""A sentence this short ("Right.", "One more thing.") does not say what is wrong."""


def issue_sentence(text: str) -> str:
    """The sentence of a new-issue line that says what is wrong (not "Can you check that?")."""
    said = split_sentences(text)
    told = [s for s in said if not s.rstrip().endswith("?") and not is_ack(s)] or said
    # "Right. Next thing: nobody sent the letter." says what is wrong in its second sentence
    told = [s for s in told if len(_CONNECTOR.sub("", s).split()) > MIN_ISSUE_WORDS] or told
    return statement(told[0]) if told else text.strip()


MAX_AGAIN_WORDS = 12
"""A statement named again is cut to its first clause past this many words."""


def _first_clause(text: str) -> str:
    """A statement's first sentence, cut to its first clause past ``MAX_AGAIN_WORDS`` words."""
    said = split_sentences(text.strip())
    first = (said[0] if said else text).strip().rstrip(".!")
    clauses = first.split(", ")
    while len(clauses) > 1 and len(content_stems(normalise(clauses[0]))) < 2:
        # A lead-in is no clause to come back to ("Now that you mention it, there was ..."
        # comes back as "there was ...", never "Like I said, now that you mention it.").
        clauses = clauses[1:]
    first = ", ".join(clauses)
    return clauses[0] if len(first.split()) > MAX_AGAIN_WORDS else first


def briefly(text: str) -> str:
    """A statement said before, cut to its first clause: "The charge from last month."."""
    first = _first_clause(text)
    return first[:1].upper() + first[1:] + "."


def told_again(text: str) -> str:
    """A statement said before, said again short ("Like I said, the first guy ...").

    A person who comes back to something refers to it; they do not recite it word for word.
    """
    first = _first_clause(text)
    words = first.split()
    if words and words[0].lower() in SENTENCE_OPENERS:
        first = first[:1].lower() + first[1:]
    return f"Like I said, {first}."


VALUE_WORDS = 5
"""A sentence this short after an issue's first one is its value ("It's 14B.")."""


def detail_again(text: str) -> str:
    """An issue's detail asked for again: referred to, with its value if one follows.

    "Like I said, you've still got my old flat number, 4B. It's 14B.": what is wrong comes
    back short, and a short sentence after it (where the value usually is) with it; a long
    one would be recited, not referred to.
    """
    said = split_sentences(text.strip())
    again = told_again(text)
    if len(said) > 1 and len(said[1].split()) <= VALUE_WORDS:
        return f"{again} {said[1].strip()}"
    return again


def raise_item(items: tuple[Item, ...], item: Item) -> tuple[Item, ...]:
    """``items`` with ``item`` added, unless the same words are already open or answered."""
    key = normalise(item.text)
    if any(normalise(i.text) == key and i.status is not Status.DROPPED for i in items):
        return items
    return (*items, item)


def asks_about(item: Item, questions: Iterable[str]) -> bool:
    """True when one of the trainee's questions is about ``item`` (shares its words)."""
    words = content_stems(normalise(item.text))
    return any(len(words & content_stems(q)) >= ASKED_ABOUT_OVERLAP for q in questions)


def closes(item: Item, moves: frozenset[Move], said: frozenset[str] = frozenset()) -> bool:
    """True when a turn with ``moves`` (and the content stems ``said``) answers ``item``.

    A new issue is dealt with by a plan, an option, a time or a handoff about it: one that
    names it ("the invoice"), not any plan that happens to follow it.
    """
    if item.kind is ItemKind.COMPLAINT:
        # Heard ("that's a rotten week"), or dealt with by a step that names it ("I'll flag
        # Saturday on the claim" for the book club on Saturday).
        named = len(content_stems(normalise(item.text)) & said) >= COMPLAINT_NAMED_OVERLAP
        return bool(moves & HEARD) or (bool(moves & DEALT_WITH) and named)
    if item.kind is ItemKind.ISSUE:
        about = len(content_stems(normalise(item.text)) & said) >= ASKED_ABOUT_OVERLAP
        return bool(moves & DEALT_WITH) and about
    return bool(moves & ANSWERS.get(item.need, ANSWERS["other"]))


def settle(
    items: tuple[Item, ...], moves: frozenset[Move], turn: int, said: frozenset[str] = frozenset()
) -> tuple[Item, ...]:
    """Close every open item the trainee's turn ``turn`` (content stems ``said``) answers."""
    return answer(items, turn, lambda i: closes(i, moves, said))


def answer(items: tuple[Item, ...], turn: int, which: Callable[[Item], bool]) -> tuple[Item, ...]:
    """``items`` with every open one that ``which`` picks marked answered by turn ``turn``."""
    return tuple(
        i.model_copy(update={"status": Status.ANSWERED, "answered_turn": turn})
        if i.open and which(i)
        else i
        for i in items
    )


def skipped(items: tuple[Item, ...], turn: int) -> list[Item]:
    """What the customer's last reply asked or raised that turn ``turn`` left open.

    The opening question is what the whole call answers, not a first reply's job.
    """
    return [
        i
        for i in items
        if i.open and i.kind is not ItemKind.COMPLAINT and i.said_at == turn - 1 and i.said_at
    ]


def just_answered(items: tuple[Item, ...], turn: int) -> list[Item]:
    """Questions answered by turn ``turn`` and not acknowledged yet."""
    return [
        i
        for i in items
        if i.status is Status.ANSWERED
        and i.answered_turn == turn
        and not i.noted
        and i.kind is ItemKind.QUESTION
    ]


def replace(items: tuple[Item, ...], old: Item, **update: object) -> tuple[Item, ...]:
    """``items`` with ``old`` changed by ``update``."""
    return tuple(i.model_copy(update=update) if i == old else i for i in items)


def named_again(items: tuple[Item, ...], item: Item, turn: int) -> tuple[Item, ...]:
    """``items`` after the customer names ``item`` once more in the reply to turn ``turn``."""
    return replace(items, item, said=item.said + 1, last_said=turn)


def let_go(items: tuple[Item, ...], item: Item) -> tuple[Item, ...]:
    """``items`` with ``item`` dropped: said often enough, the customer stops raising it."""
    return replace(items, item, status=Status.DROPPED)


def still_open(items: tuple[Item, ...]) -> list[Item]:
    """Open items, oldest first."""
    return [i for i in items if i.open]
