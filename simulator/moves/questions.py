"""How many things an agent's turn asks: one owner for the grader and the customer.

"When does it drop? Times?" and "Mornings? Afternoons? Rain?" ask one thing each: the grader's
multi-question anti-pattern and the customer's "one question at a time" count alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_TAG = re.compile(
    r"^(?:[^?]*,\s*)?(?:huh|eh|right|yeah|yes|no|ok|okay|you know|innit|really|seriously|"
    r"sorry|honestly|pardon)\?$|"
    r", (?:isn't|wasn't|aren't|weren't|doesn't|didn't|don't|won't|hasn't|haven't|couldn't|"
    r"wouldn't) (?:it|that|this|they|he|she|we|you|there)(?: \w+){0,3}\?$|"
    r", (?:is|was|does|did|do|are) (?:it|that|this|they|he|she|we|you|there)(?: (?:right|"
    r"correct|true|fair|so))?\?$"
)
"""A question that says rather than asks: a tag ("water damage, huh?", "freezing, wasn't
it?") or a bare word or two ("really?", "sorry?") with nothing to answer."""
_GOES_ON = re.compile(
    r"^(?:or|like|i mean|say|for example|e\.g\.|such as|maybe|perhaps)\b|"
    r"^(?:(?:and|so),? )?(?:is|was) it\b|"
    r"^(?:(?:and|so),? )?(?:do|did|can|could) (?:you|u) (?:remember|recall)\b"
)
"""A question that goes on with the one before it: its other half ("or would you rather
cancel?"), an example ("like did anyone say...?"), a guess at the answer ("is it the
6:50?"), or the same asked as memory ("do you remember what they said?")."""
_ASKS = re.compile(
    r"^(?:(?:and|so|okay|ok|right|just|also|but|then)[,]? )*(?:what|whats|how|why|when|where|who|"
    r"whose|which|tell|walk|talk|describe|is|are|was|were|do|does|did|can|could|would|will|"
    r"have|has|should|shall|may|any|anything|anyone)\b"
)
"""How a question that asks something of its own opens."""
FRAGMENT_WORDS = 3
"""A question this short that opens with no question word names an answer to the one before."""
_ASKS_FOR_DETAIL = re.compile(
    r"\b(?:number|no|ref|reference|name|email|e-mail|address|postcode|zip|phone|account|id|"
    r"dob|birthday|booking|order)\b"
)
"""A short question that asks for a detail of its own ("Order number?"), not an answer named."""
_LISTING = re.compile(r",|\bor\b|\b(?:something|anything) else\b")
"""What a list of possible answers holds ("the view, the king bed, or something else?")."""


_CLAUSE_ASKS = re.compile(
    r"^(?:(?:and|or|also|plus)\s+)?(?:what|when|where|which|who|how|why|(?:do|did|does|have|has|"
    r"are|were|can|could|would|will) (?:you|u|they|he|she|it|we|anyone|someone)|"
    # Asked without the auxiliary, as in clipped or non-native English ("is special occasion,
    # you travel alone or with somebody, any allergies")
    r"(?:is|are|was|were|any)(?! (?:that|this|it) (?:right|correct|okay|ok|fine|good)\b) \w+|"
    r"(?:you|u) (?:\w+ ){1,3}or\b)\b",
    re.IGNORECASE,
)
BARRAGE = 3
"""Questions listed in one sentence that make it a barrage (two is one question and a detail)."""


_CHECK = re.compile(
    r"\b(?:is|are) (?:that|this|it|those|these|\S*\d\S*|your \w+|the \w+)(?: \w+)? (?:still )?"
    r"(?:the )?(?:best|right|correct|current|okay|ok|good)\b",
    re.IGNORECASE,
)
"""A check of a detail on file ("is 555-0100 still right?"): checks said together count once."""


def barrage(text: str) -> bool:
    """True when one sentence lists ``BARRAGE`` or more questions of their own.

    "...: when did you notice it, what did the plumber find, do you have photos, and what
    outcome are you seeking?" asks four things with one question mark.
    """
    if text.count(",") + text.count(";") + text.count(":") < BARRAGE - 1:
        return False
    clauses = re.split(r"[,;:]\s*", text)
    return sum(bool(_CLAUSE_ASKS.match(c.strip())) for c in clauses) >= BARRAGE


def distinct_questions(questions: Sequence[str]) -> int:
    """How many separate things ``questions`` (lower-cased, as a turn's reading has them) ask.

    A tag, a bare "really?", the other half of an either/or, an example of the question
    before, a guess at its answer, or a list of answers ("a firm slot this afternoon, first
    thing tomorrow, something else?", "New glass? Refund?") do not ask anything new: "one question at a time"
    answers only a turn that asked two.
    """
    count = 0
    before = False
    for question in questions:
        text = question.strip()
        if barrage(text):
            count += BARRAGE
            before = True
            continue
        if before and _CHECK.search(text) and _CHECK.search(questions[0]):
            continue  # "Is that still the best address, and is 555-0100 right?": one check
        if _TAG.search(text):
            continue
        # A list of answers, or a few words that name one ("New glass? Refund?", "Times?")
        short = len(text.split()) <= FRAGMENT_WORDS and not _ASKS_FOR_DETAIL.search(text)
        listing = not _ASKS.search(text) and (bool(_LISTING.search(text)) or short)
        if before and (_GOES_ON.search(text) or listing):
            continue  # goes on with the question before; asks nothing new
        count += 1
        before = True
    return count
