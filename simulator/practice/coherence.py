"""Checks that one customer reply reads as one utterance: run on every reply the tests make.

A reply is several beats worded one after another; these checks catch what stitching can
break, whoever worded it: a reply that yields and pushes back at once, a sentence said
twice, two endings, a stack of questions, an echo that starts mid-sentence, a placeholder
left unfilled, the customer talking about itself in the third person, thanks or goodbyes
said twice, "there's still the main thing" with no thing named after it, a question
asked again after the agent answered it (given the call's answered items), and a reply
plan that does not fit together: an acknowledgement ("Fine.", "Go on.") after a question
or in a reply that pushes back, two fillers, an insult after going along, and words that
go the other way from the mood (given the turn's heat change). Given the call so far: a
case-file label read out ("my calls this month is ..."), "since you ask" before what nobody
asked, "I told you" or "like I said" about what it never said in this call, and "that's right" to a proposal ("would that help?") as if it checked a fact. Given the agent's turn: a reaction that
presupposes what the turn did not say ("Don't tell me to calm down" when nobody did, "waive
that" with nothing named to waive, "when that doesn't happen" with nothing promised), a reply
in the wrong form ("that's right" to a request to check something now, "can you check your
email?", or to a question asked with who, when or which; a bare "No." or "Not really." to
one; a yes or no to an either/or), and a goodbye answered with neither a goodbye nor what is still open. Any long
statement said again word for word in one call is a recording, not a person.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from simulator.models.lines import (
    ANSWERING,
    COMPLYING,
    ESCALATING,
    FILLERS,
    OPEN_AFTER_BYE,
    REQUIRED,
    LineKind,
    Premise,
    stance,
)
from simulator.moves.cues import (
    CLOSING_CHECK,
    DO_NOW,
    PROPOSAL,
    alternative,
    asked_in,
    question_form,
    says_goodbye,
)
from simulator.moves.spelling import standardise
from simulator.moves.text import content_stems, normalise, questions, split_sentences
from simulator.practice.premises import content_questions, hear

ENDINGS = frozenset({LineKind.GOODBYE, LineKind.HANG_UP, LineKind.ENDED_FOR_ABUSE})
ACK = re.compile(
    r"^(?:fine|okay|ok|right|alright|all right|go on|good|got it|sure|mm-hm|and|so)$", re.IGNORECASE
)
"""A sentence that only acknowledges (or prompts the agent on): no content of its own."""
MAX_QUESTIONS = 3
ANSWER_OPENS = re.compile(
    r"^(?:i (?:don't|do not) know|no idea|not sure|i couldn't (?:say|tell you)|i'm not sure|"
    r"yes|yeah|yep|no|nope)\b",
    re.IGNORECASE,
)
"""How a part that answers something opens: after the customer's own question, it answers
that question ("Do you know what you're doing? I don't know.")."""
_THIRD_PERSON = re.compile(r"\b(?:the customer|the caller)\b", re.IGNORECASE)
_THANKS = re.compile(r"\b(?:thanks|thank you|cheers)\b", re.IGNORECASE)
_BYE = re.compile(r"\b(?:bye|goodbye|talk later|take care)\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"\b(?:the main (?:thing|problem)|matters outstanding|there's (?:still )?(?:something|more)|"
    r"not all of it|haven't addressed all of it|not the only thing)\W*$",
    re.IGNORECASE,
)


_TOLD = re.compile(
    r"\b(?:i told you|like i said|as i said|i(?:'ve| have)(?: already)? told you|i already "
    r"(?:said|told you)|(?<!not )what i said)\b(?! (?:all|everything|enough|before|on every))",
    re.IGNORECASE,
)
"""A line saying the customer said something before ("Like I said, ...", "I told you.")."""
TOLD_OVERLAP = 2
"""Content words what "I told you" refers to must share with the customer's earlier lines."""
_SINCE_ASKED = re.compile(r"\bsince you (?:ask|asked)\b", re.IGNORECASE)
_FACT_CONFIRMED = re.compile(r"\b(?:that's|that is|quite) (?:right|correct)\b", re.IGNORECASE)
_BARE_NO = re.compile(r"^(?:no|nope|nah|not really|maybe|i guess)$", re.IGNORECASE)
"""A sentence that is only a no (or a shrug): no answer to a question asked with who or when."""
_ONLY_YES = re.compile(r"^(?:yes|yeah|yep|sure|no|nope|not really|maybe|i guess)\W*$", re.I)
_YES_OR_NO = re.compile(
    r"^(?:yes|yeah|yep|yup|no|nope|nah|not really|correct)(?:,? (?:that's|that is|quite) "
    r"(?:right|correct))?$|^(?:that's|that is) (?:right|correct)$",
    re.IGNORECASE,
)
"""A sentence that is only a yes or a no, perhaps with "that's right" after it."""
OFFER_REPLIES = frozenset(
    {
        LineKind.OPTION_ACCEPT,
        LineKind.OPTION_REJECT,
        LineKind.OFFER_DOUBTED,
        LineKind.PLAN_ACCEPT,
        LineKind.PARAPHRASE_YES,
        LineKind.PARAPHRASE_NO,
        LineKind.TIME_ACCEPT,
        LineKind.TIME_DOUBT,
        LineKind.RESOLVED_NO,
        LineKind.RESOLVED_YES,
        LineKind.HANDOFF_REJECT,
    }
)
"""Beats that answer what the agent put or said, not what they asked: a yes or no there
is to that ("No. I'd like something more appropriate." to a refund offered)."""
MIN_REPEAT_WORDS = 8
PRESUPPOSES: tuple[tuple[re.Pattern[str], Premise], ...] = (
    (
        re.compile(
            r"\bcalm down\b|\btell(?:ing)? me to calm\b|^i(?:'m| am) (?:perfectly )?(?:calm|"
            r"composed)\b|\bi(?:'m| am) (?:perfectly )?(?:calm|composed)[.!,]",
            re.IGNORECASE,
        ),
        Premise.TOLD_TO_CALM,
    ),
    (
        re.compile(r"\bnothing (?:can|could) be done\b|\bnothing you can do\b", re.IGNORECASE),
        Premise.NOTHING_DOABLE,
    ),
    (
        re.compile(r"\b(?:another|internal|other) departments?\b", re.IGNORECASE),
        Premise.BLAMED_OTHERS,
    ),
    (
        re.compile(r"\b(?:are you blaming me|put(?:ting)? this on me|my doing)\b", re.IGNORECASE),
        Premise.BLAMED_CUSTOMER,
    ),
    (
        re.compile(r"\bwho(?:se|ever'?s) fault\b|\bwho(?:'s| is) to blame\b", re.IGNORECASE),
        Premise.FAULT_RAISED,
    ),
    (re.compile(r"\bwaive (?:that|it|this)\b", re.IGNORECASE), Premise.FEE_NAMED),
    (
        re.compile(r"\b(?:when|if) (?:that|it) doesn't happen\b", re.IGNORECASE),
        Premise.PROMISED,
    ),
    (
        re.compile(r"^guaranteed\?|\byou(?:'re)? promis(?:e|ing)(?: that)?\?", re.IGNORECASE),
        Premise.GUARANTEED,
    ),
)
"""What a customer's words take for granted about the agent's turn (a bank line saying
these declares the premise; the check catches any actor, the LLM customer too)."""
"""A sentence this long said again word for word in one call is a recording, not a person."""


def acts(text: str) -> frozenset[str]:
    """What a line does that a reply does once: ``thanks`` and ``bye``."""
    return frozenset(
        name for name, pattern in (("thanks", _THANKS), ("bye", _BYE)) if pattern.search(text)
    )


def problems(
    reply: str,
    beats: Sequence[LineKind],
    answered: Sequence[str] = (),
    *,
    heat_delta: float | None = None,
    parts: Sequence[str] = (),
    labels: Sequence[str] = (),
    earlier: Sequence[str] = (),
    facts: Sequence[str] = (),
    turn: str = "",
) -> list[str]:
    """What makes ``reply`` (worded from ``beats``) read as more than one voice; [] if none.

    ``answered`` are the customer's questions the agent has answered on this call (open
    items marked answered): the reply must not ask one again. ``heat_delta`` is how the
    turn moved the customer's heat; ``parts`` the words of each beat, when known. ``labels``
    are the keys of the case file's details, ``earlier`` the customer's replies before this
    one, ``facts`` the scenario's hidden facts (told once; later referred to) and ``turn`` the
    agent's turn this reply answers.
    """
    found = _plan(reply, beats, heat_delta, parts)
    stances = {stance(kind) for kind in beats}
    if {1, -1} <= stances:
        found.append(f"yields and pushes back in one reply ({', '.join(k.value for k in beats)})")
    if sum(kind in ENDINGS for kind in beats) > 1:
        found.append("two endings in one reply")
    said = [normalise(s).strip(" .!?") for s in split_sentences(reply)]
    repeated = {s for s in said if s and said.count(s) > 1 and len(s.split()) > 1}
    if repeated:
        found.append(f"says a sentence twice: {sorted(repeated)[0]!r}")
    if reply.count("?") > MAX_QUESTIONS:
        found.append(f"{reply.count('?')} questions in one reply")
    first = reply.lstrip(" \"'")[:1]
    if first.isalpha() and first.islower():
        found.append("starts mid-sentence (lowercase)")
    if "{" in reply or "}" in reply:
        found.append("a placeholder left unfilled")
    if _THIRD_PERSON.search(reply):
        found.append("talks about the customer in the third person")
    if len(_THANKS.findall(reply)) > 1:
        found.append("thanks twice in one reply")
    if len(_BYE.findall(reply)) > 1:
        found.append("says goodbye twice in one reply")
    if _VAGUE.search(reply):
        found.append("refers to what is still open without saying what it is")
    low = normalise(reply)
    found += _call_problems(reply, beats, labels, earlier, facts, turn)
    found += _form_problems(reply, beats, turn)
    found += _choice_problems(reply, turn)
    found += _sign_off_problems(reply, beats, parts, turn)
    again = [q for q in answered if q.endswith("?") and normalise(q) in low]
    if again:
        found.append(f"asks again what was answered: {again[0]!r}")
    found += presupposed(reply, beats, parts, turn)
    return found


def presupposed(
    reply: str, beats: Sequence[LineKind], parts: Sequence[str], turn: str
) -> list[str]:
    """A reaction in ``reply`` taking for granted what the agent's ``turn`` did not say.

    Beats that carry the customer's own earlier words (a question asked again, a fact, a
    complaint) are not read: they repeat what was said before, not react to this turn.
    """
    if not turn:
        return []
    if len(parts) == len(beats):
        said = [part for part, kind in zip(parts, beats, strict=True) if kind not in REQUIRED]
    else:
        said = [reply]
    heard = hear(turn)
    return [
        f"presupposes {premise.value} the turn did not hold: {match.group()!r}"
        for text in said
        for sentence in split_sentences(text)
        for pattern, premise in PRESUPPOSES
        if premise not in heard.premises and (match := pattern.search(sentence.strip()))
    ]


def is_ack(sentence: str) -> bool:
    """True for a sentence that only acknowledges ("Fine.", "Go on.")."""
    return bool(ACK.match(normalise(sentence).strip(" .!?,")))


def _plan(
    reply: str, beats: Sequence[LineKind], heat_delta: float | None, parts: Sequence[str]
) -> list[str]:
    """Whether the beats make one plan, and the words go the way the mood went."""
    found: list[str] = []
    sides = {stance(kind) for kind in beats} - {0}
    if sum(kind in FILLERS for kind in beats) > 1:
        found.append("two fillers in one reply")
    for index, part in enumerate(parts[:-1]):
        sentences = split_sentences(part)
        later = beats[index + 1 :] if len(parts) == len(beats) else ()
        if sentences and is_ack(sentences[-1]) and any(stance(k) < 0 for k in later):
            found.append(f"acknowledges before pushing back: {part!r}")
    aligned = len(parts) == len(beats)
    for index, (before, after) in enumerate(itertools.pairwise(parts)):
        following = split_sentences(after)
        if before.rstrip().endswith("?") and following and is_ack(following[0]):
            found.append(f"acknowledges after its own question: {after!r}")
        answers = aligned and beats[index + 1] in ANSWERING
        if answers and before.rstrip().endswith("?") and ANSWER_OPENS.match(after.strip()):
            found.append(f"answers its own question: {before.strip()!r} -> {after.strip()!r}")
    if any(stance(kind) > 0 for kind in beats) and set(beats) & ESCALATING:
        found.append("goes along and demands or threatens in one breath")
    if LineKind.ABUSIVE in beats and beats[0] is not LineKind.ABUSIVE:
        earlier = beats[: list(beats).index(LineKind.ABUSIVE)]
        if any(kind in COMPLYING or stance(kind) > 0 for kind in earlier):
            found.append("an insult tacked on after going along")
    if heat_delta is not None and sides == {1} and heat_delta > 0:
        found.append(f"goes along while the heat rises ({heat_delta:+.1f})")
    if heat_delta is not None and sides == {-1} and heat_delta < 0:
        found.append(f"pushes back while the heat falls ({heat_delta:+.1f})")
    return found


def _call_problems(
    reply: str,
    beats: Sequence[LineKind],
    labels: Sequence[str],
    earlier: Sequence[str],
    facts: Sequence[str],
    turn: str,
) -> list[str]:
    found: list[str] = []
    low = normalise(reply)
    for label in labels:
        words = label.replace("_", " ")
        if re.search(rf"\bmy {re.escape(words)} (?:is|are)\b", low):
            found.append(f"reads out a case-file label: 'my {words} is'")
    # Any long sentence said again word for word (a fact, what they want, a complaint) is a
    # recording; a person who comes back to it refers to it.
    before = {normalise(s).strip(" .!?") for text in earlier for s in split_sentences(text)}
    for sentence in split_sentences(reply):
        said = normalise(sentence).strip(" .!?")
        if sentence.rstrip().endswith("?"):
            continue  # an ignored question is asked again as it was; a statement is referred to
        if len(said.split()) >= MIN_REPEAT_WORDS and said in before:
            found.append(f"says again word for word: {said!r}")
            break
    found += _told_before(reply, earlier)
    if _SINCE_ASKED.search(reply):
        found.append("'since you ask' before what it volunteers")
    standard = normalise(standardise(turn).text) if turn else ""
    if reply.strip() and says_goodbye(standard) and not questions(standard):
        staying = any(k in ENDINGS or k in OPEN_AFTER_BYE or stance(k) < 0 for k in beats)
        if not staying:
            found.append("answers a goodbye without a goodbye or what is still open")
    asked = [q.text for q in questions(standard)] if turn else []
    if asked and all(PROPOSAL.search(q) for q in asked) and _FACT_CONFIRMED.search(reply):
        found.append("confirms a proposal as if it were a fact ('that's right')")
    if asked and all(CLOSING_CHECK.search(q) for q in asked) and _FACT_CONFIRMED.search(reply):
        found.append("'that's right' to 'anything else?', as if a fact was read back")
    return found


_SIGN_OFF = re.compile(
    r"^(?:(?:no|nope|yes|yeah|okay|ok|right|great|good|fine|well)[, ]+)*(?:(?:thanks|thank you|"
    r"cheers)(?: (?:again|for (?:that|everything|your help|sorting it)))?|(?:good)?bye|talk later|"
    r"take care|(?:that's|that is) (?:it|all|everything)|we're done|all good|nothing else|"
    r"nothing further)$",
    re.IGNORECASE,
)
"""A sentence that only signs off ("Thanks.", "Bye.", "No, we're done.", "All good.")."""
MAX_SIGN_OFFS = 3


def _sign_off_problems(
    reply: str, beats: Sequence[LineKind], parts: Sequence[str], turn: str
) -> list[str]:
    """A stack of sign-offs, and a no that means yes.

    "No. All good. Okay, thank you. Bye." is four endings in a row; a nod between sign-offs
    ("No, we're done. Right. Thanks.") is a stitch. "No, we're done." to "does that work
    for you?" refuses what it accepts: a no says yes only to "anything else?".
    """
    found: list[str] = []
    said = [normalise(s).strip(" .!?") for s in split_sentences(reply)]
    run = longest = 0
    for index, sentence in enumerate(said):
        closing = bool(_SIGN_OFF.match(sentence))
        run = run + 1 if closing or (run and is_ack(sentence)) else 0
        longest = max(longest, run)
        if run > 1 and is_ack(sentence) and index + 1 < len(said):
            found.append(f"a nod between sign-offs: {sentence!r}")
    if longest > MAX_SIGN_OFFS:
        found.append(f"{longest} sign-offs in a row")
    if turn and len(parts) == len(beats):
        asked = asked_in(normalise(standardise(turn).text))
        for part, kind in zip(parts, beats, strict=True):
            yes = kind in (LineKind.RESOLVED_YES, LineKind.PLAN_ACCEPT)
            refuses = re.match(r"(?:no|nope|nah)\b", part.strip(), re.IGNORECASE)
            if yes and refuses and asked and not any(CLOSING_CHECK.search(q) for q in asked):
                found.append(f"a no that means yes, to {asked[-1]!r}: {part!r}")
    return found


def _told_before(reply: str, earlier: Sequence[str]) -> list[str]:
    """A line saying "I told you ..." or "Like I said ..." about what was never said in the call.

    What it refers to is the rest of its sentence, or the next one ("I told you. The fee.");
    with neither, the sentence before it. It must share words with the customer's earlier
    lines.
    """
    if not earlier:
        return []  # the call so far is not known
    sentences = split_sentences(reply)
    before = content_stems(normalise(" ".join(earlier)))
    for index, sentence in enumerate(sentences):
        match = _TOLD.search(sentence)
        if match is None:
            continue
        candidates = [sentence[match.end() :], *sentences[index + 1 : index + 2]]
        candidates += sentences[max(0, index - 1) : index]
        thing = next(
            (c for c in candidates if len(content_stems(normalise(c))) >= TOLD_OVERLAP), ""
        )
        words = content_stems(normalise(thing))
        if words and len(words & before) < TOLD_OVERLAP:
            return [f"says it told what it never said in this call: {sentence.strip()!r}"]
    return []


def _choice_problems(reply: str, turn: str) -> list[str]:
    """A yes or a no to an either/or ("was it the scans or the bloods?"): one is named, or not.

    Not counted for a closing check ("anything else, or is that it?"): a no answers that.
    """
    if not turn:
        return []
    asked = asked_in(normalise(standardise(turn).text))
    if not asked or not all(alternative(q) and not CLOSING_CHECK.search(q) for q in asked):
        return []
    first = next(iter(split_sentences(reply)), "")
    if _YES_OR_NO.match(normalise(first).strip(" .!?")):
        return [f"a yes or no to an either/or question: {asked[0]!r}"]
    return []


def _form_problems(reply: str, beats: Sequence[LineKind], turn: str) -> list[str]:
    """A reply that does not fit the form of the agent's questions.

    "That's right" to a request to check something now ("can you check your email?") or to a
    question asked with who, when or which; and a bare "No." or "Not really." (or a reply
    that is only a yes) to a question that only content answers ("who told you that?").
    Not counted where a beat answers what the agent put rather than asked (a refund offered
    beside "what's your order number?").
    """
    if not turn or set(beats) & OFFER_REPLIES:
        return []
    asked = tuple(question_form(q) for q in asked_in(normalise(standardise(turn).text)))
    found: list[str] = []
    content = content_questions(asked)
    doing = [q for q in asked if DO_NOW.search(q) and not PROPOSAL.search(q)]
    if len(content) + len(doing) == len(asked) and _FACT_CONFIRMED.search(reply):
        found.append(
            "'that's right' to a request or a who/when question, as if a fact was read back"
        )
    said = [normalise(s).strip(" .!?,") for s in split_sentences(reply)]
    bare = any(_BARE_NO.match(s) for s in said) or bool(_ONLY_YES.match(reply.strip()))
    if content and len(content) == len(asked) and bare:
        found.append(f"a bare yes or no to a question only content answers: {content[0]!r}")
    return found
