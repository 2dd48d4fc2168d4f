"""What the customer hears in a trainee's reply: moves, questions, a time, a handoff.

Everything the engine decides is based on this reading, so the offline customer and the
LLM customer react to the same things.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from simulator.models.content import Scenario
from simulator.models.moves import SOOTHING, Move
from simulator.moves.authority import beyond_authority, grants
from simulator.moves.cues import (
    ABOUT_SELF,
    ASKS_VIEW,
    CLOSED_QUESTION,
    CLOSING_CHECK,
    DO_NOW,
    HANDOFF_NOTES,
    HANDOFF_RECAP,
    HANDOFF_WHY,
    OPEN_QUESTION,
    OUTCOME_QUESTION,
    PROPOSAL,
    WH_QUESTION,
    alternative,
    asked_in,
    direct,
    question_form,
    says_goodbye,
)
from simulator.moves.detector import Detection, Detector
from simulator.moves.spelling import standardise
from simulator.moves.text import (
    content_stems,
    normalise,
    split_sentences,
    stem,
    tokens,
)
from simulator.moves.wants import touched
from simulator.practice.state import CallState

INJECTION = re.compile(
    r"\b(?:ignore (?:all |any |your |the |previous |prior |above )*(?:instructions|prompts?|"
    r"rules)|system (?:prompt|message)|you are an? (?:ai|bot|language model|assistant|llm)|"
    r"(?:as|are you) an? (?:ai|bot|language model|llm)|your (?:instructions|rules|prompt(?! "
    r"(?:reply|response|payment|attention|action|service|reaction|answer|call)))|"
    r"(?:grade|score|rate) (?:yourself|this (?:call|conversation|reply))|say (?:that )?you(?:'re| "
    r"are) (?:satisfied|happy|resolved)|mood (?:number|score|level)|heat (?:level|score)|"
    r"pretend (?:to be|you)|developer mode|jailbreak)\b|^\s*\[?(?:system|assistant)\]?\s*:",
    re.IGNORECASE | re.MULTILINE,
)
END_CALL = re.compile(
    r"\b(?:i(?:'m| am|'ll| will)(?: now| going to| about to| going to have to| have to)?|i "
    r"(?:have|need) to) (?:(?:end|ending|terminate|terminating) (?:this|the|our) (?:call|"
    r"conversation)|disconnect(?:ing)?(?: (?:this|the) call| you)?\b|hang(?:ing)? up\b)",
    re.IGNORECASE,
)
REFUSAL = re.compile(
    r"\b(?:can't|cannot|can not|won't be able|unable|not able|isn't possible|is not possible|"
    r"not possible|isn't something|not something (?:i|we) can|no way to)\b",
    re.IGNORECASE,
)
LONG_REPLY_WORDS = 60


@dataclass(frozen=True)
class Reading:
    """One trainee turn as the customer hears it."""

    text: str
    detection: Detection
    moves: frozenset[Move]
    kindly: bool
    """Sympathy was said, even in a sentence the rude part of the turn makes not count."""
    first_sentence: str
    """The turn's first sentence, in standard spelling (where a direct answer comes)."""
    questions: tuple[str, ...]
    """Sentences that ask something (lower-cased)."""
    open_question: bool
    """At least one question is open (what, how, why, tell me...)."""
    choice: bool
    """A question offers alternatives ("tomorrow or Thursday?")."""
    options: tuple[str, ...]
    """The alternatives of an either/or, as the customer would name them ("the 6:50")."""
    yes_no: bool
    """Every question is answered yes or no ("is this still your number?")."""
    proposal: bool
    """A yes/no question putting something to the customer to agree to ("would that help?",
    "can u stay on the line a sec"), not a check of a fact."""
    closing_check: bool
    """The agent asks whether anything is still open ("what's left?", "anything else?")."""
    do_now: bool
    """The agent asks the customer to do or check something now ("can you check your
    email?"): answered by doing it, not with "that's right"."""
    about_self: bool
    """A yes/no question about what the customer did or has ("have you sent us the
    invoices?", "do you have photos?"): a yes or a no about themselves."""
    wh: str
    """The question word of a question only content answers ("who", "when", "which one"),
    or "" when every question can be answered yes or no."""
    outcome_question: bool
    """The agent asks what the customer wants ("what would put your mind at rest?")."""
    farewell: bool
    """The trainee says goodbye."""
    time: str | None
    """The concrete time promised, as the trainee said it."""
    handoff_elements: int
    """How many of recap, why this owner and notes passed the handoff has."""
    refused_option: bool
    """The trainee turned down something the agent may not grant."""
    words: int
    injection: bool
    """Off-script text aimed at the machine, not at a customer."""
    ends_call: bool
    """The trainee says they are ending the call."""
    stems: frozenset[str] = frozenset()
    """The turn's content stems, chat spelling standardised."""
    wants: frozenset[int] = frozenset()
    """The parts of what the customer wants (``wants.wants``) this turn deals with."""

    @property
    def asks(self) -> bool:
        """True when the turn asks the customer for information."""
        return bool(self.questions) or Move.ASK_QUESTION in self.moves


def read_turn(
    detector: Detector, text: str, customer_line: str | None, scenario: Scenario
) -> Reading:
    """Read a trainee turn in the context of the customer's last line."""
    # Good moves inside a rude sentence do not count, as the grader reads them.
    said = detector.detect(text, customer_line, [scenario.customer.name])
    # A grant the scenario says is not the agent's to make is doubted, as the grader costs it.
    said = beyond_authority(text, said, *grants(scenario))
    detection = said.untainted()
    moves = frozenset(detection.moves)
    low = normalise(text)
    # Questions as the detector reads them: "can i get ur name pls" asks, question mark or not.
    spelled = standardise(text).text
    standard = normalise(spelled)
    asked = asked_in(standard)
    if not asked and Move.ASK_QUESTION in detection.moves:
        # The detector heard a request with no question mark ("ok can i grab ur name pls",
        # "Tell me in your own words what happened"): the sentences that ask, not the whole
        # turn (a reference read out beside them is no check to confirm).
        asked = tuple(
            direct(normalise(standardise(text[a:b]).text).rstrip(" .!") + "?")
            for a, b in detection.spans[Move.ASK_QUESTION]
        )
    if not asked and _REQUEST.search(standard):
        # The turn asks for something as a need ("First I need your frequent flyer number").
        asked = (standard.rstrip(" .!") + "?",)
    # "Can I start with your name?" asks for the name; it does not propose a start.
    proposal = bool(asked) and any(PROPOSAL.search(q) and not _START_WITH.search(q) for q in asked)
    choice = any(alternative(q) for q in asked)
    forms = tuple(question_form(q) for q in asked)  # "and brightline, have you...?"
    do_now = not proposal and any(DO_NOW.search(q) for q in forms)
    stems = frozenset(content_stems(standard))
    spans = detection.spans.get(Move.SET_TIMELINE, ())
    time = text[spans[0][0] : spans[0][1]].strip(" ,.") if spans else None
    return Reading(
        text=text,
        detection=detection,
        moves=moves,
        kindly=any(m in SOOTHING for m in said.moves),
        first_sentence=next(iter(split_sentences(spelled)), ""),
        questions=asked,
        open_question=any(OPEN_QUESTION.search(q) for q in forms),
        choice=choice,
        options=next(
            (pair for q in asked if alternative(q) for pair in [alternatives(q, spelled)] if pair),
            (),
        ),
        yes_no=bool(asked) and all(CLOSED_QUESTION.search(q) for q in forms),
        proposal=proposal,
        closing_check=any(CLOSING_CHECK.search(q) for q in asked),
        do_now=do_now,
        about_self=not (proposal or do_now) and any(ABOUT_SELF.search(q) for q in forms),
        wh="" if choice else question_word(forms),
        # What the detector reads as an outcome question (the grader's rules), and the few
        # wordings it leaves to the customer ("what do you want most?").
        outcome_question=bool(asked)
        and (Move.CLARIFY_OUTCOME in moves or any(OUTCOME_QUESTION.search(q) for q in asked)),
        farewell=says_goodbye(standard),
        time=time or None,
        handoff_elements=sum(
            bool(p.search(text)) for p in (HANDOFF_RECAP, HANDOFF_WHY, HANDOFF_NOTES)
        ),
        refused_option=bool(REFUSAL.search(text)) and _mentions_refusable(low, scenario),
        words=len(tokens(low)),
        injection=bool(INJECTION.search(text)),
        ends_call=bool(END_CALL.search(text)),
        stems=stems,
        wants=frozenset(touched(scenario, stems, moves, bool(REFUSAL.search(text)))),
    )


_WH_SAID = {"which": "which one", "whom": "who", "whose": "whose", "how": "how"}
_HOW = re.compile(r"\bhow (much|many|long|often|soon)\b")


def question_word(asked: tuple[str, ...]) -> str:
    """The question word of the first question that needs content ("who", "how much").

    "" when every question can be answered yes or no, and for "how does that sound?" or
    "how about Friday?" (a view of what the agent put, which a yes answers).
    """
    for question in asked:
        found = WH_QUESTION.search(question)
        if found is None or ASKS_VIEW.search(question):
            continue
        word = found.group(0).split()[-1].lower()
        if word == "how" and (more := _HOW.search(question)):
            return f"how {more.group(1)}"
        return _WH_SAID.get(word, word)
    return ""


_LEADING = frozenset(
    "would do does did is are was were can could shall should will want wanna prefer rather "
    "like it that this i we they he she to for with be have get take go either whether "
    "choose pick which ok okay so".split()
)
"""Words before an either/or's first option that are not part of it ("would you like ...")."""
_TRAILING = frozenset(
    "suit suits work works better best for instead please then is would do sound sounds "
    "fine ok okay that which matters".split()
)
"""Words after the second option that are not part of it ("... suit you better?")."""
_THEIRS = {
    "you": "me",
    "u": "me",
    "your": "my",
    "ur": "my",
    "yours": "mine",
    "yourself": "myself",
    "you're": "I'm",
    "youre": "I'm",
    "you've": "I've",
}
MAX_OPTION_WORDS = 5


def alternatives(question: str, text: str) -> tuple[str, ...]:
    """The two options of "the 6:50 or the 9:40?", in the customer's mouth ("call me").

    ``question`` is the lower-cased question, ``text`` the trainee's words in standard
    spelling (``standardise``), where an option keeps the capitals it was typed with. Empty
    when the options cannot be told apart.
    """
    words = question.replace(",", " ,").rstrip(" ?.!").split()
    if "or" not in words:
        return ()
    at = words.index("or")
    left: list[str] = []
    before = words[: at - 1] if at and words[at - 1] == "," else words[:at]
    for word in reversed(before):
        if word in _LEADING or word == "," or len(left) == MAX_OPTION_WORDS:
            break
        left.insert(0, word)
    right: list[str] = []
    for word in words[at + 1 :]:
        if word in _TRAILING or word == "," or len(right) == MAX_OPTION_WORDS:
            break
        right.append(word)
    if not left or not right or left == right:
        return ()
    return tuple(_as_said(option, text) for option in (left, right))


def _as_said(option: list[str], text: str) -> str:
    phrase = " ".join(option)
    found = re.search(re.escape(phrase), text, re.IGNORECASE)
    typed = found.group(0).split() if found else option
    return " ".join(_THEIRS.get(w.lower(), w) for w in typed)


def _mentions_refusable(low: str, scenario: Scenario) -> bool:
    said = content_stems(low)
    for option in scenario.options:
        if not option.grantable and len(said & content_stems(normalise(option.text))) >= 2:
            return True
    return False


_DETAIL_GROUPS = (
    frozenset(
        "reference ref number no confirmation booking account order policy claim membership "
        "member case ticket invoice id code".split()
    ),
    frozenset("email e-mail mail".split()),
    frozenset("phone mobile cell telephone".split()),
    frozenset("address postcode zip street".split()),
    frozenset("where destination flying going city airport".split()),
)
_NAME_ASK = re.compile(
    r"\b(?:(?:your|ur|the|full|first|last) name\b(?! of)|surname|name on|spell (?:your|that|it))"
)
_STORY = re.compile(
    r"\b(?:happen\w*|went wrong|go(?:ne|ing)? wrong|tell me about|walk me|talk me|why|how come|"
    r"what's wrong|what is wrong|the problem|the issue|(?:were|was) (?:you|u) told|told (?:you|u)|"
    r"tell (?:you|u)\b|hoping|hope|expect\w*|(?:somebody|someone|anybody|anyone|they|he|she|"
    r"we) (?:tell|told|say|said|promise|promised)\b|worr(?:y|ied))"
)
_START_WITH = re.compile(
    r"\b(?:start|begin|kick off) (?:off )?with (?:your|the|a)\b|"
    r"\b(?:can|could|may) (?:i|we) (?:just )?ask (?:you )?(?:what|who|why|when|where|which|how|"
    r"if|whether|about)\b"
)
"""A question put as asking leave ("Can I start with your name?", "Can I ask what the desk
told you?"): it asks; it proposes nothing."""
_REQUEST = re.compile(
    r"\b(?:can|could|may|would|shall) (?:i|we) (?:just )?(?:start|begin) with (?:your|the)|"
    r"\b(?:do|would|did) you (?:happen to )?have (?:a|an|the|your) (?:\w+ )?(?:number|reference|"
    r"account|order|name|email|address|code|id)|"
    r"\b(?:can|could|may|would) (?:i|we) (?:just )?(?:get|have|take|grab|ask for|confirm|check)|"
    r"\b(?:can|could|would) you (?:just )?(?:give|tell|confirm|read|spell|send|share|provide)|"
    r"\b(?:i|we)(?:'ll|'d| will| would)? (?:just |first |also |still )?need (?:your|the)\b|"
    r"^(?:(?:okay|ok|right|so|first|now)[,:]? )?(?:please )?confirm (?:your|the)\b|"
    r"\b(?:grateful|appreciate it) if you (?:could|would) (?:\w+ )?(?:confirm|provide|give|send|"
    r"tell)\b|\bkindly (?:confirm|provide|give|send|tell)\b"
)
_CHECKING = re.compile(
    r"\b(?:still|correct|same|that's right|that is right|is that|right\?)|@|\d{3}"
)
_VALUE = re.compile(r"\d{3}|\d[-/.]\d|[a-z]{2,}-?\d{2,}")
_CONTACT_WORDS = frozenset("phone mobile cell telephone reach email e-mail contact".split())


def _asks_for_detail(reading: Reading) -> bool:
    """True for a request for a detail: "what's your ...", "can I take your ...".

    False for a question about the story, for a check of a detail the agent states ("is
    555-0107 still the best number?", "Denver to Raleigh, is that right?": a yes, not a
    recital), for a proposal ("would that help?") and for any other yes/no question ("did
    the text come through?").
    """
    checking = _asked_text(reading)
    story = _STORY.search(checking) and not _REQUEST_DETAIL.search(checking)
    if story or reading.proposal or TAG_CHECK.search(checking):
        return False  # "what happened with the booking?" asks for the story, not a reference
    if reading.yes_no:
        # A value read out ("is 555-0107 still best?") checks; "the last 4" of a card asks.
        return bool(_REQUEST.search(checking)) and not (
            _CHECKING.search(checking) or _VALUE.search(checking)
        )
    return any(
        _WH.search(q) or _REQUEST.search(q) or len(q.split()) <= MAX_FRAGMENT_WORDS
        for q in reading.questions
    )


_WH = re.compile(r"\b(?:what|which|when|where|who|whose|how (?:much|many|long|did|do))\b")
TAG_CHECK = re.compile(
    r"(?:,|—|-) ?(?:is that (?:right|correct)|right|correct|yes|is it|isn't it|is that it)\?"
)
MAX_FRAGMENT_WORDS = 5
"""A question this short with no question word is a fragment ("name on the booking?")."""
_GENERIC = frozenset(
    "number no id date amount code name usual usually actual current original since ends this "
    "month today given instead requested type service open".split()
)
"""Words of a detail's key too common to name it alone ("number": a phone or a booking?)."""


@dataclass(frozen=True)
class DetailAsked:
    """A detail of the customer's own the trainee asked for."""

    key: str
    said: str
    """The customer's words for it, value filled in (``Detail.said``)."""
    known: bool
    """False when only the company's side has it: the customer says they do not know."""
    score: int
    """How strongly the question names it (key words count double)."""


def _question_words(reading: Reading) -> tuple[set[str], str]:
    """Stems of the question's words, and the questions as one lower-cased string."""
    joined = _asked_text(reading).replace("#", " number ")
    words = {w.strip("?.,!") for w in joined.split()}
    return {stem(w) for w in words if w} | words, joined


def _asked_text(reading: Reading) -> str:
    """What the questions ask for, as one string.

    Each question's last clause ("I can't see a letter on the account - what was it meant to
    be?" asks about the letter), without what the agent will do with the answer ("... so I
    can pull the booking up") and without a tag check beside another question ("I've got
    your account up, is it?").
    """
    parts = [
        _NEED_FRAME.sub("what's your ", _PURPOSE.sub("", _last_clause(q)))
        for q in reading.questions
    ]
    if len(parts) > 1:
        parts = [p for p in parts if not TAG_CHECK.search(p)] or parts
    return " ".join(p for p in parts if not _PRIORITY.search(p))


_NEED_FRAME = re.compile(
    r"^(?:(?:first|now|ok|okay|so|right|then)[,]? )*(?:(?:i|we)(?:'ll|'d| will| would)? (?:just |"
    r"first |also |still )?need (?:your|the)|(?:please )?confirm (?:your|the)|i would be grateful "
    r"if you could confirm (?:your|the))\s+"
)
"""A request said as a need ("First I need your ..."): read as the question it is, so its
lead-in words ("first", "need") name no part of the story."""
_CLAUSE = re.compile(r"\s[-—–]\s|:\s")


def _last_clause(question: str) -> str:
    """The clause after the last dash or colon when it is itself a question.

    "... - what was the letter?" asks about the letter; the whole question is kept when that
    clause only fills in ("what did the desk say - that the room was gone?").
    """
    last = _CLAUSE.split(question)[-1]
    return last if _WH.search(last) or _REQUEST.search(last) else question


_PRIORITY = re.compile(
    r"\b(?:most important|matters most|matter most|priority|more important|what do you need "
    r"most|what would (?:fix|make|help))\b"
)
"""A question about what the customer wants most names details only as examples."""


_PURPOSE = re.compile(
    r"\b(?:(?:so|to|and) (?:that )?|before |until )(?:i|we) (?:can|could)\b.*|"
    r"\b(?:before|so) (?:we|i) (?:go|get) (?:any )?(?:further|started|going)\b.*|"
    r"\bfor (?:our|my) (?:records|files|notes)\b.*"
)
"""What the agent will do with the answer ("... so I can pull the booking up", "before I can go
any further", "for our records"): not asked."""


def _detail_score(key: str, asked_as: list[str], stems: set[str], joined: str) -> int:
    keys = {stem(w) for w in key.split("_")}
    score = sum(1 if w in _GENERIC else 2 for w in key.split("_") if stem(w) in stems)
    if stems & _DETAIL_GROUPS[0] and keys & _DETAIL_GROUPS[0]:
        score += 1  # "the reference?" for a booking reference or a confirmation number
    for phrase in asked_as:
        low = phrase.lower()
        if " " in low:
            score += 2 if low in joined else 0
        elif stem(low) in stems and stem(low) not in keys:
            score += 1 if low in _GENERIC else 2
    return score


def detail_for(reading: Reading, scenario: Scenario) -> DetailAsked | None:
    """The customer's own detail the trainee asked for, if any.

    A customer knows their name, their references and the like (the scenario's ``customer``):
    asked in any wording ("can I get ur name pls", "whats ur phone number", "the
    confirmation #?"), they give it in their own words (``Detail.said``), or say they do
    not know one only the company has. A question matches a detail by its key's words and
    the words ``asked_as`` lists, never by the exact label. Hidden facts (what went wrong)
    still need the right question (``fact_for``); a question that names a fact as strongly
    is left to it.
    """
    if not reading.questions or not _asks_for_detail(reading):
        return None
    stems, joined = _question_words(reading)
    if "best" in stems and not stems & {"email", "mail", "e-mail", "address"}:
        stems |= {"reach"}  # "the best number" is the one to call them on
    name = None
    if _NAME_ASK.search(joined):
        name = DetailAsked("name", f"it's {scenario.customer.name}", True, 4)
    best = _best_detail(scenario, stems, joined, normalise(reading.text), reading.wh == "who")
    if best is not None and best.score >= 2:
        _, fact_score = _best_fact(reading, scenario, ())
        # "what happened with the electrician visits?" asks the story, though the
        # electrician's name is on file.
        happened = bool(_HAPPENED.search(joined)) and fact_score > 0
        if happened or (fact_score * 2 > best.score and not _REQUEST_DETAIL.search(joined)):
            best = None  # "what did the technicians do?" asks for the story of the visits
    if best is None or best.score < 2:
        return name
    if name is not None and best.score >= NAMED_TOO:
        # "your name and the confirmation number?": both, in one breath
        # one only the company has is said not to be known, the name still given
        rest = best.said if re.match(r"I\b", best.said) else best.said[:1].lower() + best.said[1:]
        said = f"{name.said}, and {rest}"
        return DetailAsked(best.key, said, True, best.score)
    return name or best


NAMED_TOO = 2


def _best_detail(
    scenario: Scenario, stems: set[str], joined: str, said: str, who: bool = False
) -> DetailAsked | None:
    """The detail the question words name most strongly (``said``: the agent's whole turn).

    Asked ``who`` ("who's your contact there?"), only a person (or a firm) answers.
    """
    contact = set() if who else stems & _CONTACT_WORDS
    best: DetailAsked | None = None
    known: DetailAsked | None = None
    for key, detail in scenario.customer.details.items():
        words = set(key.split("_")) | {w.lower() for w in detail.asked_as}
        if contact and not words & _CONTACT_WORDS:
            continue  # asked how to reach them: an order number is no answer
        if normalise(detail.value) in said:
            continue  # the agent has just read it out: nothing to tell
        if _MEASURE.search(joined) and not _FIGURE.search(detail.value):
            continue  # "how far is the ceremony from the airport?" is no gate number
        person = bool(_PERSON.match(detail.value))
        if who and not person:
            continue  # "who told you?" is not answered with an amount
        score = _detail_score(key, detail.asked_as, stems, joined) + (WHO_NAMES if who else 0)
        if score and _WHEN.search(joined) and _TEMPORAL.search(detail.value):
            score += 1  # "when do they need them by?": the date, not the cost
        text = detail.said.replace("{value}", detail.value)
        if best is None or score > best.score:
            best = DetailAsked(key, text, detail.known, score)
        if detail.known and score >= 3 and (known is None or score > known.score):
            known = DetailAsked(key, text, detail.known, score)
    # "an account number or a work order number?": the one they have, not "I don't know"
    return known if best is not None and not best.known and known is not None else best


_PERSON = re.compile(r"(?:(?:Dr|Mr|Mrs|Ms|Mx)\.? )?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+$")
"""A detail's value that is someone's (or a firm's) name: "Dr. Hollis Vandermeer"."""
WHO_NAMES = 2
"""What "who" adds to a person's detail: enough to name them with no other word matching."""
_WHEN = re.compile(r"\b(?:when|what time|what day|how soon|by when)\b")
_TEMPORAL = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|today|tomorrow|tonight|"
    r"ago|a\.m\.|p\.m\.|\d+(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)
"""How strongly a detail asked beside the name must be named to be given with it."""


_HAPPENED = re.compile(
    r"\bwhat (?:happened|went wrong|was the problem)\b|\bhow did (?:it|that|this)\b"
)
"""A question after the story itself: a fact it names is told, not a detail beside it."""
_MEASURE = re.compile(r"\bhow (?:far|long|many|much|often|big|old)\b")
"""A question after an amount or a distance: only a detail with a figure in it answers."""
_FIGURE = re.compile(r"(?<![A-Za-z0-9])\d")
"""A figure, not a code ("3 before this one", "$89"; not "gate B14")."""
_REQUEST_DETAIL = re.compile(
    r"\b(?:(?:what|which)(?:'s| is)? (?:your |the )?(?:best )?(?:email|number|phone|address)|"
    r"what(?:'s| is) (?:your|the)(?! (?:last|first|latest|next) (?:thing|time|update|word|news))|"
    r"(?:can|could|may) (?:i|we) (?:get|have|take|grab)|"
    r"(?:give|tell|read|spell|confirm) (?:me )?(?:your|the))\b"
)
"""A request for a detail as such ("what's your ...", "can I take the ..."), not a question
about what happened."""


def fact_for(
    reading: Reading,
    scenario: Scenario,
    revealed: tuple[str, ...],
    fallback: bool = True,
    least: int = 1,
) -> str | None:
    """The id of the unrevealed fact the trainee's questions ask about, if any.

    A fact is asked about when the questions share ``least`` of its keywords. With
    ``fallback``, an open question that names no fact ("what happened?") gets the next
    untold one.
    """
    best, score = _best_fact(reading, scenario, revealed)
    if score < least:
        best = None
    if best is None and fallback and reading.open_question:
        best = next_fact(scenario, revealed)
    return best


TOLD_FACT_OVERLAP = 2
"""Keywords a question must share with a fact already told to be asked about it again."""


def told_fact(reading: Reading, scenario: Scenario, revealed: tuple[str, ...]) -> str | None:
    """The id of a fact already told that the questions ask about again, if any."""
    told = tuple(f.id for f in scenario.facts if f.id not in revealed)
    best, score = _best_fact(reading, scenario, told)
    return best if score >= TOLD_FACT_OVERLAP else None


_REFERS = re.compile(r"\b(?:it|that|this|they|them|those|these|there)\b")


def referred_fact(reading: Reading, scenario: Scenario, last: str) -> str | None:
    """The fact told last, when the question points back at it by name earlier in the turn.

    "Let's start with the wiring. Where is it and how exposed is it?" asks about the wiring
    just described, though its question names only "it": the name is in a sentence of the
    turn that does not ask.
    """
    if not any(_REFERS.search(q) for q in reading.questions):
        return None
    fact = next((f for f in scenario.facts if f.id == last), None)
    if fact is None:
        return None
    keys = {stem(word) for keyword in fact.keywords for word in tokens(keyword.lower())}
    named = " ".join(
        s for s in split_sentences(normalise(reading.text)) if not s.rstrip().endswith("?")
    )
    return last if keys & content_stems(named) else None


def next_fact(scenario: Scenario, revealed: tuple[str, ...]) -> str | None:
    """The id of the first fact not told yet (what "what happened?" gets next)."""
    return next((f.id for f in scenario.facts if f.id not in revealed), None)


def story_stems(scenario: Scenario, state: CallState, on_file: bool = False) -> set[str]:
    """Content words of what the customer has said so far.

    Why they called, their last line, the facts told and (once told) what they want; with
    ``on_file``, also their name and the details the agent's screen shows.
    """
    known = [scenario.reason_for_call, state.customer_line]
    known += [f.text for f in scenario.facts if f.id in state.revealed]
    if state.outcome_told:
        known.append(scenario.desired_outcome)
    if on_file:
        known += [scenario.customer.name, *(d.value for d in scenario.customer.details.values())]
    return content_stems(normalise(" ".join(known)))


def _asked_stems(reading: Reading) -> set[str]:
    """The words of what the turn asks: its questions, and what they are about.

    "Tell me about the electrician. When were they meant to come?" and "Just the one: the
    discount. Who promised it to you?" name the subject in the sentence before the question:
    a request to tell, or a few words naming the topic.
    """
    asked = set()
    for question in reading.questions:
        # A question word asks only where the asking starts: "what happened when you did
        # it?" asks what happened, not when (a fact keyed "when" is not named by it).
        opening = tokens(question_form(question))[:1]
        asked |= {stem(w) for w in tokens(question) if w not in _QUESTION_WORDS or w in opening}
    if not asked:
        return content_stems(normalise(reading.text))
    sentences = [normalise(s) for s in split_sentences(standardise(reading.text).text)]
    for before, after in itertools.pairwise(sentences):
        if before.rstrip().endswith("?") or not after.rstrip().endswith("?"):
            continue
        topic = before.rsplit(":", 1)[-1]
        if _TELL_ABOUT.search(before) or len(tokens(topic)) <= TOPIC_WORDS:
            asked |= content_stems(topic if not _TELL_ABOUT.search(before) else before)
    return asked


_QUESTION_WORDS = frozenset("what when where which who whom whose why how".split())
_TELL_ABOUT = re.compile(
    r"\b(?:tell|talk|walk) me (?:about|through|more about)\b|^(?:and )?about\b"
)
TOPIC_WORDS = 4
"""A sentence this short before a question names what it asks about ("The discount.")."""


def _best_fact(
    reading: Reading, scenario: Scenario, revealed: tuple[str, ...]
) -> tuple[str | None, int]:
    asked = _asked_stems(reading)
    best, best_score = None, 0
    for fact in scenario.facts:
        if fact.id in revealed:
            continue
        keys = {stem(word) for keyword in fact.keywords for word in tokens(keyword.lower())}
        score = len(asked & keys)
        if score > best_score:
            best, best_score = fact.id, score
    return best, best_score


COMPANY_SIDE_OVERLAP = 2
"""Content words a question must share with what happened on the company's side."""


_NAMED_VALUE = 5
"""Characters a detail's value needs to count as named in a question ("555-0103", not "2")."""


def detail_check(reading: Reading, scenario: Scenario) -> bool:
    """True for a check of a detail the agent states or names: the customer confirms it.

    "And the address, same as last time?", "is 555-0107 still the best number?", and a
    question word with its answer named ("where should it go: to greta@mailbox.example?").
    """
    checking = _asked_text(reading)
    said = normalise(reading.text)
    if (
        reading.wh in ("where", "which", "what")
        and not reading.open_question
        and any(
            d.known and len(d.value) >= _NAMED_VALUE and normalise(d.value) in checking
            for d in scenario.customer.details.values()
        )
    ):
        return True  # "where shall I send it: to greta@mailbox.example?" offers its answer
    if reading.open_question or reading.wh or reading.proposal or reading.do_now:
        # "shall I call you back with the corrected amount?" puts, not checks; "who gave
        # you the $410 number?" asks who, whatever detail it names
        return False
    if not (_CHECKING.search(checking) or TAG_CHECK.search(checking)):
        return False
    if any(d.known and normalise(d.value) in said for d in scenario.customer.details.values()):
        return True  # "and 555-0107 is still the best number?"
    stems, joined = _question_words(reading)
    return any(
        _detail_score(key, d.asked_as, stems, joined) >= 2 and d.known
        for key, d in scenario.customer.details.items()
    )


_THEIR_OWN = re.compile(
    r"\b(?:do|did|does|will|would|are|were|have|had) (?:you|u) (?:actually |really |still |"
    r"definitely |ideally )?(?:need|want|have to|plan|intend|hope|expect|going|travel|fly|be|"
    r"live|work|use|usually|normally)\b"
)
"""A question about the customer's own needs or doings ("what time do you need to be in
Raleigh?"): theirs to say, whatever company words it shares."""


def company_side(reading: Reading, scenario: Scenario) -> bool:
    """True when the questions ask about what only the company knows: why it happened there.

    The customer never saw the trigger or the root cause (a technician pulled off the
    route, a system that shows "on the way"); asked about those, they cannot say.
    """
    asked = content_stems(" ".join(reading.questions))
    if not asked or any(_THEIR_OWN.search(q) for q in reading.questions):
        return False
    inside = content_stems(normalise(f"{scenario.trigger} {scenario.root_cause.text}"))
    theirs = content_stems(
        normalise(" ".join([scenario.reason_for_call, *(f.text for f in scenario.facts)]))
    )
    company = len(asked & (inside - theirs))
    _, fact_score = _best_fact(reading, scenario, ())
    return company >= COMPANY_SIDE_OVERLAP and company > fact_score


@dataclass(frozen=True)
class SelfAnswer:
    """A yes or a no to a question about the customer's own doing or having."""

    yes: bool
    short: str
    """The short answer, fitted to the question's verb: "I did", "I haven't", "I do"."""


_SHORT = {
    "have": ("I have", "I haven't"),
    "had": ("I had", "I hadn't"),
    "did": ("I did", "I didn't"),
    "do": ("I do", "I don't"),
    "were": ("I was", "I wasn't"),
    "was": ("I was", "I wasn't"),
    "are": ("I am", "I'm not"),
    "can": ("I can", "I can't"),
    "could": ("I can", "I can't"),
}
_NEGATION = re.compile(
    r"\b(?:never|not|no|nobody|no one|nothing|didn't|don't|haven't|hasn't|wasn't|weren't|"
    r"isn't|won't|can't|couldn't|neither|nor)\b"
)
SELF_OVERLAP = 2
"""Content words a question must share with a sentence of the customer's story for that
sentence to decide the yes or the no."""


def self_answer(reading: Reading, scenario: Scenario) -> SelfAnswer:
    """Yes or no to "have you sent us the invoices?", from the case where it says.

    The sentence of what the customer knows (why they called, their facts, their details)
    that shares most with the question decides: said with a "never" or a "didn't", the
    answer is no. Where the case says nothing, the plain answer of a caller who has done
    the ordinary thing: yes.
    """
    question = next(
        (q for q in reading.questions if ABOUT_SELF.search(question_form(q))), reading.questions[0]
    )
    verb = next((w for w in tokens(question) if w in _SHORT), "do")
    asked = content_stems(question) - {"you", "your"}
    known = [scenario.reason_for_call, *(f.text for f in scenario.facts)]
    known += [d.said.replace("{value}", d.value) for d in scenario.customer.details.values()]
    best, best_score = "", 0
    for text in known:
        for sentence in split_sentences(normalise(text)):
            score = len(asked & content_stems(sentence))
            if score > best_score:
                best, best_score = sentence, score
    yes = best_score < SELF_OVERLAP or not _NEGATION.search(best)
    return SelfAnswer(yes, _SHORT[verb][0 if yes else 1])
