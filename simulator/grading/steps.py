"""The six step scorers. Each reads the analysis and says what level the evidence earns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.grading.analysis import AgentTurn, Analysis, asks_barrage
from simulator.grading.report import Evidence, Flag
from simulator.models.content import CHECKABLE_ELEMENTS, StepId
from simulator.models.moves import FEELING, PROMISES, TIMED, UNPROFESSIONAL, Move, in_order
from simulator.models.transcript import CallLog
from simulator.moves import cues
from simulator.moves.scout import Gated
from simulator.moves.spelling import chat_register, filler_register, letter_register
from simulator.moves.text import content_stems, normalise


@dataclass
class Outcome:
    """What a step scorer found: a level 0-3, its evidence, what is missing, and a tip key."""

    level: int
    evidence: list[Evidence] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    rationale: list[str] = field(default_factory=list)
    tip: str = "strong"
    tip_vars: dict[str, str] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    deductions: list[str] = field(default_factory=list)
    """Context rules missed, by their name in the rubric's costs (e.g. missed_boundary)."""


def _cite(turn: AgentTurn, move: Move, note: str = "") -> list[Evidence]:
    return [Evidence(turn=turn.turn, quote=q, move=move, note=note) for q in turn.quotes(move)]


def at(turn: AgentTurn | None) -> dict[str, str]:
    """Tip values pointing at a whole turn (turn 1 and no quote when there is none)."""
    return {"turn": str(turn.turn if turn else 1), "quote": turn.text if turn else ""}


def _first_quote(turn: AgentTurn, move: Move) -> str:
    quotes = turn.quotes(move)
    return quotes[0] if quotes else turn.text


_COURTESY = (
    Move.GREET,
    Move.THANK,
    Move.USE_NAME,
    Move.APOLOGIZE,
    Move.ACKNOWLEDGE_EMOTION,
    Move.REASSURE,
)


def _calm_call(a: Analysis) -> Outcome:
    """Step 1 on a routine call: nothing to defuse, so courtesy and an even tone are the job.

    Courtesy by the second reply and of more than one kind (a greeting and thanks, the
    customer's name, an apology), opening with more than a bare demand ("Policy number?"),
    is level 3; any courtesy 2, none 1. Brusque replies through the call, or a line that
    talks down to, blames or argues with a calm customer, cap it at 1; both together at 0.
    A feeling the customer played down ("it's a bit frustrating") wants a word of
    acknowledgement in the next reply or two, or the step stays at 1.
    """
    out = Outcome(level=1, tip="calm_plain", tip_vars=at(a.agent[0] if a.agent else None))
    kinds = {m for t in a.agent for m in _COURTESY if t.has(m)}
    opening = a.agent[:2]
    for turn in a.agent:
        polite = next((m for m in _COURTESY if turn.has(m)), None)
        if polite is not None:
            out.evidence.extend(_cite(turn, polite, "courtesy"))
            # Warm from the opening and more than one kind of courtesy (a bare "hi" is
            # not yet a courteous call).
            full = turn in opening and len(kinds) >= 2 and not _curt(a.agent[0])
            out.level, out.tip = (3, "calm") if full else (2, "calm_plain")
            break
    curt = [t for t in a.agent if _curt(t)]
    brusque = len(curt) * _CURT_SHARE >= len(a.agent) > 0
    rude = [t for t in a.agent for m in t.anti_patterns if m in UNPROFESSIONAL or m in _CALM_TONE]
    if brusque or rude:
        out.level = min(out.level, 0 if brusque and rude else 1)
        if brusque:
            out.missing.append("replies of more than a word or two")
    sorry = [t for t in a.agent if t.has(Move.APOLOGIZE)]
    if len(sorry) >= _HABIT and len(sorry) * 2 >= len(a.agent):
        # "sorry" in every other reply with nothing gone wrong is a verbal tic, and it
        # makes a routine request sound like a complaint.
        out.level = min(out.level, 1)
        out.missing.append("apologies kept for something that went wrong")
        out.tip, out.tip_vars = (
            "stock_empathy",
            {
                "turn": str(sorry[-1].turn),
                "quote": _first_quote(sorry[-1], Move.APOLOGIZE),
            },
        )
    for felt in a.felt:
        answer = [t for t in a.agent if t.turn > felt.turn][:2]
        if not any(t.has(m) for t in answer for m in FEELING) and not any(
            t.find(cues.UNDERSTOOD) for t in answer
        ):
            out.level = min(out.level, 1)
            out.missing.append(f"a word for the customer's feeling (\u201c{felt.quote}\u201d)")
            out.tip, out.tip_vars = "no_acknowledgement", at(answer[0] if answer else None)
            break
    _register(a, out)
    _boundary_rules(a, out)
    return out


def _habitual_sorry(a: Analysis, out: Outcome, least: int) -> None:
    """Apologies in ``least`` replies or more, and in half of them, are a tic: step 1 at most 2."""
    sorry = [t for t in a.agent if t.has(Move.APOLOGIZE)]
    if len(sorry) < least or len(sorry) * 2 < len(a.agent):
        return
    out.level = min(out.level, 2)
    out.missing.append("apologies kept for something that went wrong")
    if out.tip == "strong":
        out.tip, out.tip_vars = (
            "stock_empathy",
            {"turn": str(sorry[-1].turn), "quote": _first_quote(sorry[-1], Move.APOLOGIZE)},
        )


def _register(a: Analysis, out: Outcome) -> None:
    """Chat shorthand or spoken fillers through the call are coached, and hold step 1 at 2.

    "u", "pls", "!!" read as haste on a customer line, "um, like, uh" in every reply as
    unsure: read in full for what they say, both still cost the customer's confidence.
    One slip is not a habit; in three replies out of four or more the habit is the call's
    voice, and step 1 is at most partial (trainers scored such calls well below the same
    words typed in full).
    """
    for habit, missing, tip in (
        (
            chat_register,
            "a professional register (full words, no chat shorthand or '!!')",
            "chat_register",
        ),
        (
            filler_register,
            "plain speech (not 'um', 'like', 'you know' in every reply)",
            "filler_register",
        ),
        (
            letter_register,
            "a spoken register (not a letter's 'Dear', 'Please be advised', 'Kind regards')",
            "letter_register",
        ),
    ):
        found = [t for t in a.agent if habit(t.text)]
        if len(found) < _HABIT - 1 or len(found) * 2 < len(a.agent):
            continue
        out.level = min(out.level, 1 if len(found) * 4 >= len(a.agent) * 3 else 2)
        out.missing.append(missing)
        if out.tip in ("strong", "calm", "calm_plain"):
            out.tip, out.tip_vars = tip, {"turn": str(found[0].turn), "quote": found[0].text}
        return


_HABIT = 3
"""Apologies in this many replies, and in half of them or more, are a habit on a routine call."""
_HABIT_PLAYED = 4
"""With a difficult customer an apology is due, so only this many replies with "sorry"
(and half of them or more) make it a habit."""
_CURT_WORDS = 5
"""A reply shorter than this reads as brusque on a routine call ("Account number?")."""
_CURT_SHARE = 3
"""One reply in this many or more that brusque makes the call brusque."""
_CALM_TONE = (Move.DISMISSIVE, Move.BLAME_SHIFT, Move.ARGUE)
"""Step 1's anti-patterns besides the unprofessional ones: with a calm customer there is
nothing to push back on, so any of them sets the tone."""


def _curt(turn: AgentTurn) -> bool:
    return len(turn.text.split()) < _CURT_WORDS


def stay_calm(a: Analysis) -> Outcome:
    """Step 1: acknowledge before anything else, keep the temperature down, hold a boundary."""
    if a.calm:
        return _calm_call(a)
    out = Outcome(level=0)
    specific = False
    for turn, quote, move in a.credited_empathy:
        out.evidence.append(Evidence(turn=turn.turn, quote=quote, move=move))
        heard = content_stems(normalise(turn.context))
        # Specific: it names something the customer said (an apology for "the setup"
        # counts as much as an acknowledgement of "the wasted morning"), or the history a
        # repeat caller just raised ("I can hear you've been through this more than once").
        specific = (
            specific
            or bool(content_stems(normalise(quote)) & heard)
            or (cues.HISTORY.search(quote) is not None and cues.repeat_trouble(turn.context))
        )
    for turn in a.turns_with(Move.USE_NAME)[:1]:
        out.evidence.extend(_cite(turn, Move.USE_NAME))
    cared = [e for e in out.evidence if e.move is not Move.USE_NAME]
    early = bool(a.agent) and any(e.turn <= a.agent[min(1, len(a.agent) - 1)].turn for e in cared)
    # Sympathy that could be said to anyone ("sorry to hear that") is a start, not the
    # step: the level comes from naming what happened to this customer.
    if cared and early:
        out.level = 3 if specific else 1
    elif cared:
        out.level = 2 if specific else 1
    elif out.evidence:
        out.level = 1
    if not out.evidence:
        out.missing.append("an acknowledgement of how the customer feels")
        first = a.agent[0] if a.agent else None
        out.tip = "no_acknowledgement"
        out.tip_vars = at(first)
    elif not early:
        out.missing.append("an early acknowledgement")
        out.tip = "late_acknowledgement"
        out.tip_vars = at(a.agent[0])
    elif cared and not specific:
        out.missing.append("an acknowledgement in the customer's own terms")
        plain = cared[0]
        out.tip, out.tip_vars = "generic", {"turn": str(plain.turn), "quote": plain.quote}
    if a.stuffed_empathy:
        turn, quote, _ = a.stuffed_empathy[0]
        out.rationale.append(
            f"{len(a.stuffed_empathy)} empathy line(s) earned nothing: repeated, paired with an "
            "anti-pattern, or not answering the customer"
        )
        if out.tip == "strong":
            out.tip, out.tip_vars = "stock_empathy", {"turn": str(turn.turn), "quote": quote}
    _habitual_sorry(a, out, _HABIT_PLAYED)
    _register(a, out)
    _own_stories(a, out)
    _boundary_rules(a, out)
    return out


def _own_stories(a: Analysis, out: Outcome) -> None:
    """Stories about the agent's own life while a customer in trouble waits: step 1 held.

    "My own internet went out last winter ... ha. Anyway!" to a sixth-time caller reads as
    not listening; once holds step 1 at 2, in two replies or more at 1.
    """
    told = [(t, where) for t in a.agent if (where := t.find(cues.OWN_STORY))]
    if not told:
        return
    out.level = min(out.level, 1 if len(told) >= _STORIES else 2)
    out.missing.append("the call kept on the customer's problem (no stories about yourself)")
    first, where = told[0]
    if out.tip in ("strong", "calm", "calm_plain", "generic", "stock_empathy"):
        out.tip, out.tip_vars = "own_story", {"turn": str(first.turn), "quote": first.quote(where)}


_STORIES = 2
"""Replies with a story about the agent's own life that make it the call's habit."""


def _boundary_rules(a: Analysis, out: Outcome) -> None:
    abusive = a.cue_turns("abusive")
    boundaries = a.turns_with(Move.SET_BOUNDARY)
    if abusive:
        first_abuse = abusive[0].turn
        answer = next((t for t in a.agent if t.turn > first_abuse), None)
        timely = [
            t for t in boundaries if t.turn > first_abuse and answer and t.turn <= answer.turn + 2
        ]
        if timely:
            out.evidence.extend(_cite(timely[0], Move.SET_BOUNDARY, "boundary after abuse"))
            out.level = min(3, out.level + 1)
        else:
            out.deductions.append("missed_boundary")
            out.missing.append("a calm boundary once the customer became abusive")
            out.flags.append(
                Flag(
                    rule="boundary_expected",
                    turn=first_abuse,
                    message=f"customer abusive at turn {first_abuse} "
                    f"(\u201c{abusive[0].quote}\u201d) and no boundary was set",
                )
            )
            out.tip, out.tip_vars = (
                "missed_boundary",
                {"turn": str(first_abuse), "quote": abusive[0].quote},
            )
    for turn in boundaries:
        if not abusive or turn.turn < abusive[0].turn:
            out.flags.append(
                Flag(
                    rule="boundary_unprompted",
                    turn=turn.turn,
                    message=f"boundary at turn {turn.turn} before any abuse: "
                    "not rewarded, and it can read as scolding",
                )
            )
            break


def asked_questions(a: Analysis) -> list[tuple[AgentTurn, str]]:
    """The questions the agent asked, as (turn, quote); one per turn that stacked several."""
    return [
        (t, q)
        for t in a.turns_with(Move.ASK_QUESTION)
        for q in t.quotes(Move.ASK_QUESTION)[: 1 if t.has(Move.MULTI_QUESTION) else None]
    ]


def gather_information(a: Analysis) -> Outcome:
    """Step 2: focused questions one at a time, and the issue played back to confirm it."""
    out = Outcome(level=0)
    asked = asked_questions(a)
    # A question the customer protests having answered before diagnoses nothing new.
    reasked = [(t, q) for t, q in asked if cues.REASKED.search(a.customer_after(t))]
    questions = [x for x in asked if x not in reasked]
    reflects = [t for t in a.turns_with(Move.REFLECT) if _plays_back(t)]
    for turn, quote in questions[:4]:
        out.evidence.append(Evidence(turn=turn.turn, quote=quote, move=Move.ASK_QUESTION))
    for turn in reflects[:2]:
        out.evidence.extend(_cite(turn, Move.REFLECT))
    count, reflected = len(questions), bool(reflects)
    if not a.calm:
        # With a customer in trouble, asking who they are is the start, not the diagnosis:
        # any number of identity questions counts as one.
        identity = [q for _, q in questions if _IDENTITY.search(q) and not _DIAGNOSTIC.search(q)]
        count = count - len(identity) + min(1, len(identity))
    multi = a.turns_with(Move.MULTI_QUESTION)
    if count >= 2 and reflected:
        out.level = 3
    elif (count >= 1 and reflected) or count >= 2:
        out.level = 2
    elif count or reflected:
        out.level = 1
    if not count:
        out.missing.append("a focused question about what happened")
        out.tip = "no_question"
        first = a.agent[0] if a.agent else None
        out.tip_vars = at(first)
    elif not reflected:
        out.missing.append("the issue paraphrased back and confirmed")
        out.tip = "no_reflect"
        out.tip_vars = {"turn": str(questions[-1][0].turn), "quote": questions[-1][1]}
    if reasked:
        turn, quote = reasked[0]
        out.missing.append("questions the customer has not already answered")
        out.evidence.append(
            Evidence(turn=turn.turn, quote=quote, note="asked again: the customer had answered it")
        )
    if multi:
        out.tip = "multi_question"
        out.tip_vars = {
            "turn": str(multi[0].turn),
            "quote": _first_quote(multi[0], Move.MULTI_QUESTION),
        }
    return out


_IDENTITY = re.compile(
    r"\b(?:name|account|number|address|postcode|zip|e-?mail|phone|reference|ref|booking|order|"
    r"date of birth|dob|policy|membership|registration|reg|details|id|card)\b",
    re.IGNORECASE,
)
_DIAGNOSTIC = re.compile(
    r"\b(?:what happened|when did|what were you|who (?:told|said)|how long|what did|which "
    r"(?:one|charge|part)|why)\b",
    re.IGNORECASE,
)
_PROMISE_MOVES = (Move.ACTION_PLAN, Move.SET_TIMELINE, Move.FOLLOW_UP, Move.OFFER_CHOICES)


def _plays_back(turn: AgentTurn) -> bool:
    """True when a reflect is the customer's story said back, not the agent's own plan."""
    plan = {q for m in _PROMISE_MOVES for q in turn.quotes(m)}
    return any(q not in plan for q in turn.quotes(Move.REFLECT))


def clarify_outcome(a: Analysis) -> Outcome:
    """Step 3: find out what the customer wants before proposing a fix."""
    out = Outcome(level=0)
    asked = a.first(Move.CLARIFY_OUTCOME)
    plan = next(
        (
            t
            for t in a.agent
            if t.has(Move.ACTION_PLAN)
            or (t.has(Move.OFFER_CHOICES) and not t.has(Move.CLARIFY_OUTCOME))
        ),
        None,
    )
    choices = a.first(Move.OFFER_CHOICES)
    if asked is not None:
        out.evidence.extend(_cite(asked, Move.CLARIFY_OUTCOME))
        out.level = 3 if plan is None or asked.turn <= plan.turn else 2
        if out.level == 3 and _buried(asked):
            # One of a list of questions ("...: when did it start, what did the plumber find,
            # and what outcome are you seeking?") gets the easiest one answered, not this.
            out.level = 2
            out.missing.append("the outcome asked on its own, not in a list of questions")
        elif out.level == 2:
            out.missing.append("the outcome asked before the solution")
            out.tip, out.tip_vars = (
                "late",
                {"turn": str(asked.turn), "quote": _first_quote(asked, Move.CLARIFY_OUTCOME)},
            )
    elif a.calm:
        _calm_outcome(a, out, plan)
    elif _stated_and_confirmed(a, out, plan):
        pass
    elif choices is not None:
        out.evidence.extend(_cite(choices, Move.OFFER_CHOICES, "customer asked to choose"))
        out.level = 1
        out.missing.append("a direct question about the outcome they want")
        out.tip, out.tip_vars = "missing", at(choices)
    else:
        out.missing.append("a question about the outcome the customer wants")
        first = a.agent[0] if a.agent else None
        out.tip, out.tip_vars = (
            "missing",
            at(first),
        )
    return out


def _buried(turn: AgentTurn) -> bool:
    """True when every outcome question of the turn sits inside a barrage of questions."""
    stacks = turn.detection.spans.get(Move.MULTI_QUESTION, ())
    return (
        bool(stacks)
        and asks_barrage(turn)
        and all(
            any(a <= start and end <= b for a, b in stacks)
            for start, end in turn.detection.spans[Move.CLARIFY_OUTCOME]
        )
    )


def _stated_and_confirmed(a: Analysis, out: Outcome, plan: AgentTurn | None) -> bool:
    """The customer said what they want and the agent played it back before the fix: solid.

    "I want it put back before my rent goes out" needs no question; checking it back ("so
    the rent on Monday is what we have to beat?") is what a coach asks for. Saying the want
    back unprompted ("so you'd rather keep it, if your data is in - is that fair?") is too.
    """
    before = plan.turn if plan is not None else None
    said = next(
        (
            n
            for n, t in enumerate(a.transcript.turns, start=1)
            if t.speaker == "customer"
            and (before is None or n < before)
            and cues.STATES_WANT.search(t.text)
        ),
        None,
    )
    if said is None:
        # Or the agent said the want back themselves ("so you'd rather keep it, if ...").
        said = next(
            (t.turn - 1 for t in a.turns_with(Move.REFLECT) if t.find(cues.WANT_PLAYED_BACK)),
            None,
        )
        if said is None or (before is not None and said >= before):
            return False
    back = next(
        (
            t
            for t in a.turns_with(Move.REFLECT)
            if t.turn > said
            and (before is None or t.turn <= before)
            and _plays_back(t)
            and not t.anti_patterns
        ),
        None,
    )
    if back is None:
        return False
    out.evidence.extend(_cite(back, Move.REFLECT, "what they want played back"))
    out.level = 2
    out.missing.append("a direct question about the outcome they want")
    out.tip, out.tip_vars = (
        "played_back",
        {
            "turn": str(back.turn),
            "quote": _first_quote(back, Move.REFLECT),
        },
    )
    return True


def _wants_asked(turn: AgentTurn) -> str | None:
    """A question in the turn about what the customer wants done, or None."""
    offered = {turn.quote(span) for span in turn.detection.spans.get(Move.OFFER_CHOICES, ())}
    asked = [q for q in (turn.quote(span) for span in turn.sentences) if q.endswith("?")]
    return next((q for q in asked if q in offered or cues.WANTS.search(q)), None)


def _calm_outcome(a: Analysis, out: Outcome, plan: AgentTurn | None) -> None:
    """Step 3 on a routine call: the request says what the customer wants in its first words.

    Asking how they want it done (which date, which of two ways, what matters most) or
    putting the options to them as a question, before acting, is level 3 (2 once the work
    is under way); an option put to them to take or leave ("would that be useful?") is 2;
    checking only who they are or the request's details, or nothing, is 1.
    """
    # Acting is doing it ("that's changed to the 27th"); "I can do that for you now" is not.
    done = [t.turn for t in a.agent if t.turn in a.done]
    first_step = done[0] if done else (plan.turn if plan else None)
    for turn in a.agent:
        quote = _wants_asked(turn)
        if quote is None:
            continue
        out.evidence.append(
            Evidence(turn=turn.turn, quote=quote, note="asked how they want it done")
        )
        out.level = 3 if first_step is None or turn.turn <= first_step else 2
        if out.level == 2:
            out.missing.append("how the customer wants it done, asked before acting")
            out.tip, out.tip_vars = "late", {"turn": str(turn.turn), "quote": quote}
        return
    for turn in a.agent:
        # An option put to them to take or leave ("would that be useful?") is half of it.
        put = [q for q in (turn.quote(span) for span in turn.sentences) if q.endswith("?")]
        offer = next((q for q in put if cues.PROPOSAL.search(q)), None)
        if offer is not None:
            out.evidence.append(Evidence(turn=turn.turn, quote=offer, note="an option put to them"))
            out.level = 2
            out.tip, out.tip_vars = "implicit", {"turn": str(turn.turn), "quote": offer}
            out.missing.append("how the customer wants it done (which option, date or way)")
            return
    asked = a.first(Move.ASK_QUESTION) or a.first(Move.REFLECT)
    out.level = 1
    if asked is not None:
        move = Move.ASK_QUESTION if asked.has(Move.ASK_QUESTION) else Move.REFLECT
        out.evidence.extend(_cite(asked, move, "the request's details checked"))
    out.tip, out.tip_vars = "implicit", at(asked or (a.agent[0] if a.agent else None))
    out.missing.append("how the customer wants it done (which option, date or way)")


_ESCALATION_CUES = ("manager", "legal", "safety", "repeated_failure")


def _expected_escalation(a: Analysis, legal_case: bool) -> tuple[int, str] | None:
    """The first turn at which a coach expects a handoff, and why."""
    reasons = [
        (c.turn, f"{c.kind.replace('_', ' ')} (\u201c{c.quote}\u201d)")
        for c in a.cues
        if c.kind in _ESCALATION_CUES
    ]
    boundary = a.first(Move.SET_BOUNDARY)
    if boundary is not None:
        later = [c for c in a.cue_turns("abusive") if c.turn > boundary.turn]
        if later:
            reasons.append((later[0].turn, "abuse continued after a boundary"))
    if legal_case and a.customer_turns:
        reasons.append((a.customer_turns[0], "a case with legal complexity"))
    return min(reasons) if reasons else None


def _handoff_quality(turn: AgentTurn, before: AgentTurn | None) -> tuple[list[str], list[str]]:
    said = [turn, before] if before else [turn]

    def either(pattern: Gated) -> bool:
        return any(t.find(pattern) for t in said)

    parts = {
        "recap for the new owner": either(cues.HANDOFF_RECAP) or turn.has(Move.REFLECT),
        "why this owner": either(cues.HANDOFF_WHY),
        "notes passed so the customer need not repeat": either(cues.HANDOFF_NOTES),
    }
    return [k for k, v in parts.items() if v], [k for k, v in parts.items() if not v]


SOLUTION_ELEMENTS = CHECKABLE_ELEMENTS[StepId.PRESENT_SOLUTION]
_ELEMENT_MOVE = {
    "next_action": Move.ACTION_PLAN,
    "owner": Move.ACTION_PLAN,
    "time_marker": Move.SET_TIMELINE,
}


def _level_of(have: int, wanted: int) -> int:
    """All parts present is 3, all but one 2, any 1 (so four parts map 4/3/2-1/0 to 3/2/1/0)."""
    if wanted and have >= wanted:
        return 3
    if have and have == wanted - 1:
        return 2
    return 1 if have else 0


def pending(a: Analysis) -> bool:
    """True when something is left to happen after the call (so a follow-up is due).

    Calls with a difficult customer always leave something; a routine call only when the
    agent promised a later step instead of doing it there and then, or the result lands
    after a wait ("it takes a day or so to update").
    """
    if not a.calm:
        return True
    for t in a.agent:
        if t.has(Move.FOLLOW_UP) or t.has(Move.ESCALATE_HANDOFF):
            return True
        if t.has(Move.SET_TIMELINE) and t.turn not in a.done and _unconditional(t):
            return True
        if t.find(cues.STILL_TO_LAND) is not None:
            return True
    return False


_CONDITIONAL = re.compile(
    r"^\W*(?:(?:and|so|but|just|also|oh|ok|okay),? )*(?:if|should|in case|otherwise|failing "
    r"that|unless)\b",
    re.IGNORECASE,
)


def _unconditional(turn: AgentTurn) -> bool:
    """True when the turn plans a step outright, not only "if that slot stops working, ..."."""
    return any(not _CONDITIONAL.search(q) for q in turn.quotes(Move.ACTION_PLAN))


def fits_case(a: Analysis, turn: AgentTurn, move: Move) -> bool:
    """True when the turn's words for ``move`` touch what this customer called about."""
    if not a.case_words:
        return True
    said = content_stems(normalise(" ".join(turn.quotes(move)) or turn.text))
    return bool(said & a.case_words)


def present_solution(
    a: Analysis,
    legal_case: bool = False,
    checked: Sequence[str] = SOLUTION_ELEMENTS,
    unmet: Sequence[str] = (),
) -> Outcome:
    """Step 4: next action, owner, time marker and fallback; a proper handoff when due.

    ``unmet`` are parts of what the customer asked for that no turn dealt with: a plan that
    leaves one out is a level lower, and the tip names it.
    """
    out = Outcome(level=0)
    proposed = a.turns_with(Move.ACTION_PLAN)
    plans = [t for t in proposed if fits_case(a, t, Move.ACTION_PLAN)]
    done = [t for t in a.agent if t.turn in a.done]
    handoffs = a.turns_with(Move.ESCALATE_HANDOFF)
    timed = [t for t in a.agent if t.has(Move.SET_TIMELINE) and any(t.has(m) for m in TIMED)]
    found: dict[str, AgentTurn | None] = {
        "next_action": plans[0] if plans else (done[0] if done else None),
        "owner": next((t for t in plans if t.find(cues.OWNER)), done[0] if done else None),
        # A finished action still says when it lands or its confirmation comes ("the new
        # amount from your next bill", "an email within ten minutes"); "done" alone does not.
        "time_marker": timed[0]
        if timed
        else next(
            (t for t in done if any(u.has(Move.SET_TIMELINE) for u in a.agent if u.turn >= t.turn)),
            None,
        ),
        "fallback": next((t for t in a.agent if t.find(cues.FALLBACK)), None),
    }
    wanted = [e for e in SOLUTION_ELEMENTS if e in checked]
    if not pending(a) and found["fallback"] is None:
        wanted = [e for e in wanted if e != "fallback"]  # nothing left that could slip
    if proposed and not plans and not done:
        out.level = 1
        out.missing.append("a plan that addresses this customer's problem")
        out.tip, out.tip_vars = (
            "off_case",
            {
                "turn": str(proposed[0].turn),
                "quote": _first_quote(proposed[0], Move.ACTION_PLAN),
            },
        )
        _escalation_rules(a, legal_case, handoffs, out)
        return out
    if not plans and not done and a.calm and a.accepted:
        answer = next(t for t in a.agent if t.turn == a.accepted[0])
        out.level = 2
        out.evidence.append(
            Evidence(turn=answer.turn, quote=answer.text, note="answer the customer accepted")
        )
        out.tip, out.tip_vars = "answered", at(answer)
        return out
    _cite_elements(found, wanted, out)
    out.level = _level_of(len(wanted) - len(out.missing), len(wanted))
    if unmet and out.level > 1:
        out.level -= 1
        out.missing += [f"an answer to what they asked for ({part})" for part in unmet]
    choices = a.first(Move.OFFER_CHOICES)
    if choices is not None:
        out.evidence.extend(_cite(choices, Move.OFFER_CHOICES, "options offered"))
    if out.missing:
        out.tip = "elements"
        where = plans[0] if plans else (a.agent[-1] if a.agent else None)
        out.tip_vars = at(where) | {"missing": ", ".join(out.missing)}
        if not plans:
            out.tip = "missing"
    _escalation_rules(a, legal_case, handoffs, out)
    return out


def _cite_elements(found: dict[str, AgentTurn | None], wanted: list[str], out: Outcome) -> None:
    """Quote each plan element found; name each one missing."""
    for element in wanted:
        turn, name = found[element], element.replace("_", " ")
        if turn is None:
            out.missing.append(name)
            continue
        move = _ELEMENT_MOVE.get(element)
        if move is not None and not turn.has(move):
            move = None  # a step done on the call: quote the sentence that says so
            said = turn.find(cues.COMPLETED)
            quote = turn.quote(said) if said else turn.text
        elif move is not None:
            quote = _first_quote(turn, move)
        else:
            where = turn.find(cues.FALLBACK)
            quote = turn.quote(where) if where else turn.text
        if not any(e.quote == quote and e.turn == turn.turn for e in out.evidence):
            out.evidence.append(Evidence(turn=turn.turn, quote=quote, move=move, note=name))


def _escalation_rules(
    a: Analysis, legal_case: bool, handoffs: list[AgentTurn], out: Outcome
) -> None:
    expected = _expected_escalation(a, legal_case)
    if expected is None:
        return
    turn_due, reason = expected
    made = [t for t in handoffs if t.turn > turn_due] or handoffs
    if not made:
        out.deductions.append("missed_escalation")
        out.missing.append("a handoff to someone who can act")
        out.flags.append(
            Flag(
                rule="escalation_expected",
                turn=turn_due,
                message=f"escalation expected from turn {turn_due}: {reason}",
            )
        )
        out.tip, out.tip_vars = "missed_escalation", {"turn": str(turn_due), "quote": reason}
        return
    handoff = made[0]
    earlier = [t for t in a.agent if t.turn < handoff.turn]
    has, lacks = _handoff_quality(handoff, earlier[-1] if earlier else None)
    out.evidence.extend(
        _cite(handoff, Move.ESCALATE_HANDOFF, "handoff: " + (", ".join(has) or "bare"))
    )
    if len(has) == 3:
        out.level = max(out.level, 3 if out.level >= 1 else 2)
    elif len(has) >= 1:
        out.level = max(out.level, 2)
    else:
        out.level = max(out.level, 1)
    if lacks:
        out.missing.append("handoff: " + ", ".join(lacks))
        if out.tip == "strong":
            out.tip, out.tip_vars = (
                "handoff",
                {
                    "turn": str(handoff.turn),
                    "quote": _first_quote(handoff, Move.ESCALATE_HANDOFF),
                    "missing": ", ".join(lacks),
                },
            )


FOLLOW_UP_ELEMENTS = CHECKABLE_ELEMENTS[StepId.FOLLOW_UP]


def _settled(a: Analysis) -> Outcome:
    """Step 5 when everything was done on the call: only the check that nothing is left.

    The check comes once the work is done ("is that ok?" about a price is consent, not a
    check) and to a customer who has not given up ("No, I suppose not."); without one the
    step is missing, as the rubric's level 0 says, however warm the goodbye.
    """
    last = a.agent[-1] if a.agent else None
    out = Outcome(level=0, tip="settled_unchecked", tip_vars=at(last))
    finished = min(a.done, default=0)
    checks = [t for t in a.turns_with(Move.CONFIRM_RESOLUTION) if t.turn >= finished]
    confirm = next((t for t in checks if not _brushed_off(a, t)), None)
    if confirm is not None:
        out.evidence.extend(_cite(confirm, Move.CONFIRM_RESOLUTION))
        out.level, out.tip, out.tip_vars = 3, "settled", at(confirm)
        return out
    for turn in checks[:1]:
        out.evidence.append(
            Evidence(
                turn=turn.turn,
                quote=_first_quote(turn, Move.CONFIRM_RESOLUTION),
                note="the customer had given up: a brush-off, not a check",
            )
        )
    out.missing.append("a check that nothing else is needed")
    # The customer said it first ("Lovely. That's everything."): the question was answered
    # before it was asked; confirming it back is all that was left.
    told = next(
        (
            (n, t.text)
            for n, t in enumerate(a.transcript.turns, start=1)
            if t.speaker == "customer" and n > finished and cues.NOTHING_ELSE.search(t.text)
        ),
        None,
    )
    if told and not checks and not cues.RESIGNED.search(told[1]):
        out.level = 2
        out.evidence.append(
            Evidence(turn=told[0], quote=told[1], note="the customer said nothing else was needed")
        )
    return out


def _brushed_off(a: Analysis, confirm: AgentTurn) -> bool:
    """True when the customer gave up just before or after "anything else?" ("I guess not")."""
    before = [c for c in a.transcript.turns[: confirm.turn - 1] if c.speaker == "customer"]
    lines = [before[-1].text] if before else []
    return any(cues.RESIGNED.search(line) for line in [*lines, a.customer_after(confirm)])


def follow_up(a: Analysis, checked: Sequence[str] = FOLLOW_UP_ELEMENTS) -> Outcome:
    """Step 5: a concrete when and how for the next contact, and a check nothing is left."""
    out = Outcome(level=0)
    promised = a.turns_with(Move.FOLLOW_UP)
    confirm = a.first(Move.CONFIRM_RESOLUTION)
    if not pending(a):
        return _settled(a)
    when = next(
        (
            t
            for t in promised
            if t.has(Move.SET_TIMELINE)
            or any(cues.TRIGGER.search(q) for q in t.quotes(Move.FOLLOW_UP))
        ),
        None,
    )
    how = next((t for t in promised if t.find(cues.CHANNEL)), None)
    parts = [promised[:1] or None, confirm]
    parts += [when] if "when" in checked else []
    parts += [how] if "how" in checked else []
    points = sum(x is not None for x in parts)
    if promised:
        out.evidence.extend(_cite(promised[0], Move.FOLLOW_UP))
    if when is not None and when is not (promised[0] if promised else None):
        out.evidence.extend(_cite(when, Move.FOLLOW_UP, "with a time"))
    if confirm is not None:
        out.evidence.extend(_cite(confirm, Move.CONFIRM_RESOLUTION))
    out.level = _level_of(points, len(parts))
    if not promised:
        out.missing.append("a commitment to contact the customer again")
    else:
        if when is None and "when" in checked:
            out.missing.append("when the follow-up happens")
        if how is None and "how" in checked:
            out.missing.append("how the customer will hear (call, email, text)")
    if confirm is None:
        out.missing.append("a check that the issue is fully resolved")
    _sent_only(a, promised, out)
    last = a.agent[-1] if a.agent else None
    if not promised:
        out.tip = "missing"
        out.tip_vars = at(last)
    elif (when is None and "when" in checked) or (how is None and "how" in checked):
        out.tip = "vague"
        out.tip_vars = {
            "turn": str(promised[0].turn),
            "quote": _first_quote(promised[0], Move.FOLLOW_UP),
            "missing": ", ".join(out.missing),
        }
    elif confirm is None:
        out.tip = "confirm"
        out.tip_vars = at(last)
    return out


_CHECK_BACK = re.compile(
    r"\b(?:call|phone|ring|calling|phoning|ringing)(?: you| u)?\b(?! (?:centre|center))|\b(?:check|"
    r"checking|confirm|confirming|make sure|chase|chasing|see (?:that|if|whether)|update (?:you|u)|"
    r"let (?:you|u) know (?:how|when|whether|if|once|what))\b",
    re.IGNORECASE,
)


def _sent_only(a: Analysis, promised: Sequence[AgentTurn], out: Outcome) -> None:
    """Hold step 5 at 2 when every follow-up only sends something to a customer in trouble.

    "I'll email you the exclusion wording today" sends; the follow-up that counts with a
    difficult call comes back to see the fix landed ("I'll call you Friday to check").
    """
    if promised and not a.calm and not any(_checks_back(t) for t in promised):
        out.level = min(out.level, 2)
        out.missing.append("a check-back on the result, not only something sent")


def _checks_back(turn: AgentTurn) -> bool:
    """True when a follow-up the turn promises comes back to the customer about the result."""
    return any(_CHECK_BACK.search(q) for q in turn.quotes(Move.FOLLOW_UP))


LOG_FIELDS = CHECKABLE_ELEMENTS[StepId.LOG_DATA]
MIN_LOG_WORDS = 5
"""Words a call-log field needs to count ("upset, called lots" is too thin to use)."""


def thin_log_fields(log: CallLog, checked: Sequence[str] = LOG_FIELDS) -> list[str]:
    """The call-log fields too thin to count (under ``MIN_LOG_WORDS``), in form order."""
    return [f for f in LOG_FIELDS if f in checked and len(getattr(log, f).split()) < MIN_LOG_WORDS]


def log_data(a: Analysis, log: CallLog | None, checked: Sequence[str] = LOG_FIELDS) -> Outcome:
    """Step 6: the call log is complete and agrees with what was said on the call."""
    out = Outcome(level=0)
    if log is None:
        out.tip = "absent"
        return out
    wanted = [f for f in LOG_FIELDS if f in checked]
    thin = thin_log_fields(log, checked)
    filled = [f for f in wanted if f not in thin]
    out.missing = [f.replace("_", " ") for f in wanted if f not in filled]
    for name in filled:
        out.evidence.append(Evidence(turn=0, quote=getattr(log, name), note=f"call log: {name}"))
    # All fields 3, two thirds 2, one third 1 (six fields: 6, 4-5, 2-3, 0-1).
    out.level = len(filled) * 3 // len(wanted) if wanted else 0
    if out.missing:
        out.tip, out.tip_vars = "missing_fields", {"missing": ", ".join(out.missing)}
    if "promise_made" in filled:
        promises = [q for t in a.agent for m in in_order(PROMISES) for q in t.quotes(m)]
        logged = content_stems(normalise(log.promise_made))
        said = content_stems(normalise(" ".join(promises)))
        if not promises or len(logged & said) < max(2, len(logged) // 3):
            out.level = min(out.level, 1)
            out.missing.append("a logged promise that matches what was promised on the call")
            out.flags.append(
                Flag(
                    rule="promise_mismatch",
                    turn=0,
                    message="the promise in the call log does not match the call: "
                    f"\u201c{log.promise_made}\u201d",
                )
            )
            out.tip, out.tip_vars = "promise_mismatch", {"quote": log.promise_made}
    return out
