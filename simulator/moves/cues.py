"""The listening lexicon: what practice and grading both hear beyond the moves.

Customer cues (abuse, a manager request, legal or safety words, repeated failure) and the
parts of an agent's answer (an owner, a fallback, an open question, a handoff's recap).
"""

from __future__ import annotations

import re

from simulator.moves.scout import Gated
from simulator.moves.text import questions, split_sentences


def _fast(pattern: str, flags: int = 0) -> Gated:
    """Compile a cue pattern wrapped for faster search (same results; see moves/scout.py)."""
    return Gated.of(re.compile(pattern, flags))


ABUSIVE = _fast(
    r"\b(?:f+u+c*k\w*|f\*+\w*|sh[i1]t\w*|bullshit|bastard\w*|asshole\w*|arsehole\w*|dickhead|"
    r"piss (?:off)|screw you|damn you|go to hell|shut up|"
    r"(?:you(?:'re| are)|you) (?:an? )?(?:absolute |complete |total |fucking |bloody )?(?:idiot|"
    r"moron|useless|incompetent|pathetic|clown|joke|stupid|thick|clueless|liar|muppet|imbecile|"
    r"waste of space)\w*|(?:idiots?|morons?|clowns?|incompetent fools?|useless lot))\b",
    re.IGNORECASE,
)
_BOSS = (
    r"(?:(?:a|the|your|ur) )?(?:manager|supervisor|boss|team lead(?:er)?|head of \w+|someone "
    r"(?:in charge|senior|above you|higher up|more senior|who can actually \w+)|somebody "
    r"(?:in charge|senior|above you))"
)
MANAGER_REQUEST = _fast(
    rf"\b(?:(?:speak|talk)(?:ing)? (?:to|with)|put me (?:through|on) to|get me|give me|transfer "
    rf"me to|connect me (?:to|with)|i want|i need|i'd like|i demand|let me (?:speak|talk) to|"
    rf"where(?:'s| is)|fetch|escalate (?:this|it|me) to)\b[^.?!]{{0,20}}{_BOSS}|"
    rf"\b{_BOSS}[,!]? (?:now|please|right now|immediately)\b|\bspeak to (?:someone|somebody) "
    rf"else\b",
    re.IGNORECASE,
)
LEGAL = _fast(
    # "court" and "sue" in lower case only: "Marlowe Court" is an address, "Sue" a name.
    r"\b(?:lawyer|attorney|solicitor|(?-i:sue|suing|court|SUE|SUING|COURT)|legal action|small claims|regulator|"
    r"ombudsman|trading standards|consumer protection|chargeback|bbb|better business bureau)\b",
    re.IGNORECASE,
)
SAFETY = _fast(
    r"\b(?:gas leak|smell(?:s|ing)? (?:of )?gas|smoke|on fire|carbon monoxide|sparks?|sparking|"
    r"flood(?:ing|ed)?|unsafe|dangerous|danger|injur\w*|bleeding|emergency|hurt (?:myself|"
    r"someone|you)|come down there|you'll regret|watch your back|i know where)\b",
    re.IGNORECASE,
)
REPEATED_FAILURE = _fast(
    r"\b(?:(?:second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)) (?:time|call)|(?:three|four|"
    r"five|six|\d+) (?:times|calls|visits)|every (?:single )?time|keeps? (?:happening|breaking|"
    r"dropping|failing|going down)|(?:called|rang|phoned|been on the phone)(?: \w+){0,3} "
    r"(?:twice|times|again and again)|still (?:not|isn't|hasn't|broken|down|no)|yet again|"
    r"(?:didn't|never) (?:fix|work)\w*(?: it)? (?:last|either))\b",
    re.IGNORECASE,
)
REVIEW_THREAT = _fast(
    r"\b(?:review|yelp|trustpilot|google|social media|twitter|facebook|tiktok|tell everyone|"
    r"post about|one star|1 star)\b",
    re.IGNORECASE,
)
NARROWING = _fast(
    r"\b(?:let's (?:start|begin) with|(?:let's|we'll|i'll|can we) (?:focus on|tackle|take|"
    r"sort|deal with) (?:the|that|this|your)\b[^.?!]{0,40}\b(?:first|one)|one (?:thing|issue|"
    r"step) at a time|(?:first|most) (?:important|urgent|pressing)|which (?:of (?:these|those)|"
    r"issue|one|problem) (?:matters|should (?:we|i)|would you like|is (?:most|the most))|"
    r"(?:start|begin) with the\b|take (?:these|them) (?:one|in turn))",
    re.IGNORECASE,
)
HISTORY = _fast(
    r"\b(?:(?:earlier|previous|last|past|prior|other) (?:calls?|visits?|times?|tickets?|"
    r"cases?|agents?|conversations?|engineers?|technicians?|attempts?|fix(?:es)?)|i can see "
    r"(?:you(?:'ve| have)|that you) (?:called|been|had|rung|contacted|reported)|(?:on|in) "
    r"(?:your|the) (?:file|account notes|notes|history|record)|history|you've (?:had to )?"
    r"(?:call|ring|chase)\w*(?: us)? (?:\w+ )?(?:times|again|before|already)|(?:called|"
    r"contacted us) (?:\w+ )?(?:times|before)|you(?: have|'ve)? had to (?:call|ring|phone|chase|"
    r"contact)\w*(?: us)? (?:\w+ )?(?:again|back|before|so (?:many|often))|(?:have|had|having) "
    r"to keep (?:chasing|calling|ringing|phoning|asking)|i can (?:see|hear|tell)\b[^.?!]{0,40}\b(?:been "
    r"through this|called|rung|chased)|been through this (?:more than once|before|again|already|"
    r"\w+ times))\b",
    re.IGNORECASE,
)
HOLD = _fast(
    r"\b(?:(?<!a )(?<!the )(?<!account )(?<!card )(?<!payment )(?<!membership )(?<!order )on hold(?! (?:the|your|ur|my|this|that|their) )|(?<!a )(?<!the )"
    r"hold on(?! (?:the|your|ur|my|this|that|their) (?:\w+ )?(?:account|card|payment|order|"
    r"booking|file|claim|charges?|bill|balance|invoice|debit|collections?)\b)|hold the line|(?:please |just |can you |could you )hold\b|hang on|"
    r"(?:can you|could you|please|if you can|if you could|just|to) wait\b|\bwait (?:a|one|for me|while)\b|"
    r"(?:one|a|just a|give me a) (?:moment|sec|second|minute|mo|tick)\b(?! (?:ago|earlier|back)\b))",
    re.IGNORECASE,
)
"""The agent asks the customer to hold or wait (what a hold reaction needs to be about)."""
SELF_NEW = _fast(
    r"\b(?:i(?:'m| am|m)|im) (?:\w+ ){0,2}(?:new|in training|a trainee)\b|\bmy first (?:day|week)\b",
    re.IGNORECASE,
)
"""The agent says they are new (a customer does not then ask whether they are)."""
DIRECT_ANSWER = _fast(
    r"^(?:(?:ha|haha|well|um|erm|oh|honestly|look)[,!.]? )?(?:(?:about|around|roughly|only|"
    r"just) )?(?:yes|yeah|yep|yup|no(?! problem| worries)|nope|nah|"
    r"mostly|sort of|kind of|a bit|a little|definitely|absolutely|of course|not yet|"
    r"\d+|one|two|three|four|five|six|a few|several)\b",
    re.IGNORECASE,
)
"""A turn that opens with the answer to a yes/no question ("Ha, two weeks of it.", "Mostly!"):
the customer's question was answered, whatever follows it."""
OPEN_QUESTION = _fast(
    r"^(?:(?:and|so|okay|ok|right)[,]? )*(?:what|how|why|tell me|walk me|talk me|describe|"
    r"could you (?:tell|walk|describe|talk)|can you (?:tell|walk|describe|talk))\b",
    re.IGNORECASE,
)
CLOSED_QUESTION = _fast(
    r"^(?:(?:and|so|okay|ok|right|just)[,]? )*(?:is|are|was|were|do|does|did|can|could|would|"
    r"will|have|has|should|shall|may)\b",
    re.IGNORECASE,
)
"""A question answered yes or no ("is this still the best number?")."""
PROPOSAL = _fast(
    r"(?:^|[:—–-] )(?:(?:and|so|okay|ok|right|just|then|great|good)[,]? )*(?:(?:(?:would|will|"
    r"does|did|is|"
    r"can|could) (?:that|this|it)(?: \w+)? (?:help|work|suit|be (?:useful|helpful|okay|ok|"
    r"alright|all right|fine|enough|better)|sound|do|cover)|(?:would|will) \w+(?: \w+)? be "
    r"(?:better|easier|best|okay|ok|fine|useful)|(?:would|do) you (?:like|want|prefer|mind if)|"
    r"(?:shall|should|can|could|may) (?:i|we) (?:go ahead|do|send|book|set|put|ask|bring|start|"
    r"arrange|email|text|call|ring|ship|pencil|sign|add|try)|(?:do )?(?:you )?want me to|how "
    r"about|(?:can|could|would) you (?:stay|hold|wait|bear|hang on|give me a|keep)|(?:is|are) "
    r"(?:that|you) (?:ok|okay|alright|all right|fine|happy|good) with|(?:is|does) (?:that|this) "
    r"(?:ok|okay|alright|all right|fine|good|acceptable|agreeable)|is (?:ok|okay|alright|fine|good)(?: for (?:you|u))?"
    r")\b|(?:ok|okay|alright|sound good|deal|yes or no|fair|good|works|all good|both|yes|agreed)"
    r"\W*$)|(?:^|, )(?:would|will|is|does|could) (?:a|an|the|another) (?![^?]*\b(?:still|same|"
    r"correct)\b)[^?]{1,40}?\b(?:work|suit|help|do|be (?:ok|okay|alright|all right|fine|better|"
    r"easier|enough)|(?:ok|okay|alright|all right|fine))\b(?: for (?:you|u|me))?(?: too| as well|"
    r"instead)?\W*$|(?:^|, )(?:would|will|does|do|is|could) (?:\d[\d:.]*(?: ?[ap]\.?m\.?)?|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|tonight|that time|that "
    r"day)(?: \w+){0,3} (?:work|suit|be (?:ok|okay|fine|alright|all right))\b(?: for (?:you|u))?"
    r"\W*$|\bif (?:you|u) (?:want|like|wish|prefer)\W*$|\bif (?:that|it) (?:works|helps|"
    r"suits)(?: for (?:you|u))?\W*$|\bif that's (?:ok|okay|alright|all right|fine)(?: with (?:you|u))?\W*$|"
    r"^(?!(?:is|are|was|were|does|did|has|have) (?!that\b|this\b|it\b))(?!(?:are )?(?:you|u) (?:ok|"
    r"okay|alright|all right|good|fine)\W*$)(?:\S+ ){0,3}?(?:(?:that|this|"
    r"it) )?(?:sounds? |seems? )?(?:(?:ok|okay|alright|all right|good|fine|fair|good enough)(?: (?:for|"
    r"with|by) (?:you|u))?|(?:ok|okay|happy|alright|fine) with (?:that|this|it))\W*$|"
    r"^(?:(?:and|so|okay|ok)[,]? )*(?:you|u) want (?:that )?(?:i|me|we)\b",
    re.IGNORECASE,
)
"""A yes/no question that puts something to the customer to agree to, not a check of a
fact ("would that help?", "can I go ahead and send it?", "can you stay on the line a sec?",
"does that work for you?", "ok?", "would a backup slot on Friday work too?")."""
CLOSING_CHECK = _fast(
    r"\b(?:what(?:'s| is) left|what else (?:is there|can i|do you need)|(?<!before )anything else|"
    r"is that (?:everything|all)|(?:have|did) (?:i|we) (?:covered|cover) everything|"
    r"(?:something|anything) (?:more|further|other)|(?:can|could) i help (?:you )?with anything|"
    r"any(?:thing)? other (?:questions?|concerns?|issues?)|is there more|any (?:more |further )?"
    r"(?:questions|concerns|worries)|anything\b[^?]{0,30}\b(?:still )?(?:worr(?:y|ies|ying)|"
    r"bother(?:s|ing)?|concern(?:s|ing)?) (?:you|u)|anything (?:still )?on (?:your|ur) mind|"
    r"(?:anything|something) (?:i(?:'ve| have)?|we(?:'ve| have)?) (?:missed|not covered|"
    r"haven't covered)|anything\b[^?]{0,30}\b(?:you're|you are|u r|ur) (?:still )?(?:not sure|"
    r"unsure|unclear|confused|worried|uneasy) (?:about|on))\b",
    re.IGNORECASE,
)
"""The agent asks whether anything is still open ("Okay, what's left?", "anything else?",
"is there something more I can help you for today?", "is there anything about this that
still worries you?", "anything I've missed?")."""
CHOICE = _fast(
    r"\b\w+(?: \w+){0,5},? or (?!(?:not|anything|so|no)\b)(?!something\b(?! else\b))\w+",
    re.IGNORECASE,
)
"""A question offering alternatives ("tomorrow morning or thursday?", "those, or something
else?"); "a refund or something?" only trails off."""
_ANY_OF = re.compile(r"\bany(?:thing|one|body)?\b[^?]*\bor\b", re.IGNORECASE)


def alternative(question: str) -> bool:
    """True for a question that asks the customer to pick ("the scans or the bloods?").

    "Is there any wiring left open or exposed?" asks whether there is any: a yes answers it.
    """
    return bool(CHOICE.search(question)) and not _ANY_OF.search(question)


DO_NOW = _fast(
    r"^(?:(?:and|so|okay|ok|right|just|now)[,]? )*(?:(?:has|did|is) (?:it|that) )?(?:arrived|come "
    r"through|came through|got it|get it|see it|received|there yet|showing|showing up|shown up|"
    r"landed|gone through)\W*$|"
    r"^(?:(?:and|so|okay|ok|right|just|now)[,]? )*(?:can|could|would|will) you (?:please |just "
    r"|quickly )?(?:check|look (?:at|in|for|on|under)|have a look|take a look|find|open|read|"
    r"go (?:to|into)|pull up|log ?in|turn|switch|unplug|restart|reboot|try (?:again|it|that|"
    r"\w+ing)|refresh|grab|flip|scroll|search|see (?:the|it|if|whether|an?|any|my|your|that))\b",
    re.IGNORECASE,
)
"""The agent asks the customer to do or check something now ("can you check your email?",
"could you look at the back of the card?", "can you see the email come in?"): answered by
doing it, never with "that's right"."""
ABOUT_SELF = _fast(
    r"^(?:(?:and|so|okay|ok|right|just|also|sorry)[,]? )*(?:(?:have|has|had|did|do|does|were|"
    r"was|are) you\b(?! (?:like|want|prefer|mind)\b)|(?:can|could) you (?:do|make|be|manage|"
    r"come|get)\b)",
    re.IGNORECASE,
)
"""A yes/no question about the customer's own doing or having ("have you sent us the
invoices?", "do you have photos?", "did you get the email?", "can you do Friday?"): a yes or
a no about themselves."""
WH_QUESTION = _fast(
    r"^(?:(?:and|so|okay|ok|right|just|sorry|also|then)[,]? )*(?:who|whose|whom|what|when|"
    r"where|which|how|why)\b",
    re.IGNORECASE,
)
"""A question asked with a question word: answered with content, never a bare yes or no."""
ASKS_VIEW = _fast(
    r"\b(?:(?:how|what) about|how (?:does|do|did|would|will) (?:that|this|it) (?:sound|seem|"
    r"feel|work)|how(?:'s| is) that|what do you (?:think|say|reckon))\b",
    re.IGNORECASE,
)
"""A question word that asks for a view of what the agent put ("how does that sound?",
"how about Friday?"): a yes or a no answers it after all."""
OUTCOME_QUESTION = _fast(
    r"\b(?:what (?:would|could|will|do you|are you|'d)\b[^?]{0,30}\b(?:mind at rest|put (?:this|"
    r"it|things) right|make (?:this|it|things) right|want most|need most|hoping for|looking "
    r"for|like to (?:happen|see)|want to (?:happen|see)|fix (?:this|it) for you|good outcome|"
    r"resolve (?:this|it))|what (?:you|u) (?:most |really )?(?:want|need) (?:to happen|to see|"
    r"most|from (?:us|me)(?: today| now)?,? (?:is it|today|now|\?))|what (?:you|u) (?:are |is )?"
    r"(?:most )?worr(?:y|ied) about\b|what (?:outcome|result)\b|what(?:'s| is| would be) (?:the )?"
    r"(?:ideal|best) (?:outcome|result)|^(?:(?:but|so|and|okay|ok)[,]? )*(?:-|—)? ?what (?:do|would) "
    r"(?:you|u) (?:want|need|like)\s*\?)",
    re.IGNORECASE,
)
"""The agent asks what the customer wants ("what would put your mind at rest today?",
"what do you want most?"): answered with what they want, not a case-file detail. "What's
the most important part of this for you?" is left out: it may ask which part of the story
weighs most."""
FAREWELL = _fast(
    r"\b(?:good ?bye|bye(?: now| for now)?|have a (?:good|great|nice|lovely|wonderful|better|"
    r"safe|good rest of your|great rest of your) (?:\w+ )?(?:day|evening|afternoon|morning|"
    r"weekend|night|one|trip|flight)|take care|safe travels|thanks? (?:you )?for (?:calling|"
    r"your patience|bearing with)|talk (?:to you )?soon|speak (?:to you )?soon|enjoy (?:the|your) "
    r"(?:rest|evening|weekend|day|trip))\b",
    re.IGNORECASE,
)
"""An agent line saying goodbye."""
_THANKS_FOR = re.compile(r"\bthanks? (?:you )?for (?:calling|your patience|bearing with)\b")


def says_goodbye(standard: str) -> bool:
    """True when the agent's turn (lower-cased, standard spelling) ends the call.

    "Thanks for calling" or "thanks for your patience" closes the call only in the turn's
    last sentence: opening a turn ("Hi Tomasz, thanks for calling. Where did it get stuck?")
    or after a hold, it greets or thanks and goes on.
    """
    sentences = split_sentences(standard)
    last = standard.rfind(sentences[-1]) if sentences else 0
    begin = 0
    while found := FAREWELL.search(standard, begin):
        if found.start() >= last or not _THANKS_FOR.match(standard, found.start()):
            return True
        begin = found.end()
    return False


ABOUT_OTHERS = _fast(
    r"(?:^|[,:] )(?:(?:and|so|okay|ok|right|just)[,]? )*(?:did|has|have|had|was|were|is) (?:anyone|"
    r"anybody|someone|somebody|nobody|no one|they|he|she|the \w+|your \w+|our \w+|any of (?:us|"
    r"them|our \w+))\b|\bwere you (?:ever )?(?:told|given|warned|shown|offered|sent|called)\b",
    re.IGNORECASE,
)
"""A yes/no question about what others did or said ("did anyone mention ...?", "has the
clinic called you?", "were you told ..."): not a check of what the agent stated."""
WALKED_OUT = _fast(
    r"\b(?:forget it|forget this|i'm done|i am done|i've had enough|i have had enough|"
    r"(?:this|that|you) (?:is|are|was) (?:pointless|useless|hopeless|a joke|a waste of (?:my )?time)|"
    r"(?:a|what a) (?:complete |total )?waste of (?:my )?time|you'll hear from (?:me|my (?:lawyer|"
    r"solicitor|attorney))|i'm hanging up|i am hanging up|i'll take my business elsewhere|"
    r"i'm (?:going|taking this) elsewhere|don't bother|useless|i (?:don't|do not) have time for "
    r"this)\b",
    re.IGNORECASE,
)
"""A customer's last line that walks out of the call unresolved ("Forget it. Useless.",
"I'm done. You'll hear from me.")."""
OWNER = _fast(
    r"\b(?:i(?:'ll| will|'m going to| am going to|'m| am|'ve| have)|let me|(?:my|our|the|a) "
    r"(?:[\w-]+ ){0,2}(?:team|technician|tech|engineer|supervisor|manager|adjuster|attorney|"
    r"specialist|department|desk|crew|courier|office|lead|colleague|agent|vet|dentist|billing|"
    r"dispatcher|coordinator|electrician|plumber|roofer|driver|fitter|installer|inspector)|[A-Z][a-z]+ (?:from|in|on) (?:our|the)|"
    # The subject dropped, as in chat ("ok sending it now"): the one typing does it.
    r"(?:^|(?<=[.!?,] ))(?:ok(?:ay)?,? |so,? |right,? )?(?:sending|booking|checking|putting|"
    r"adding|emailing|texting|logging|filing|raising|cancell?ing|processing|arranging|ordering|"
    r"refunding|resending)\b(?= (?:it|that|this|them|the|your|you|u|ur|a|an|now)\b))\b",
    re.IGNORECASE,
)
FALLBACK = _fast(
    r"\b(?:if (?:that|this|it|they|he|she|we|the \w+|\w+)(?: \w+)? (?:doesn't|does not|"
    r"don't|do not|can't|cannot|isn't|is not|aren't|won't|hasn't|haven't|didn't|wasn't|"
    r"fails?|falls? through|runs? late|slips?|misses|has not|have not)|if (?:nobody|no one|there's no|there is no|we can't|we cannot|i can't|i cannot)|"
    r"if (?:you|u) (?:don't|do not|haven't|have not|can't|cannot|still don't) (?:see|get|"
    r"receive|hear|have)|if (?:we|they|i) (?:have|get|hear) no (?:answer|reply|response)|"
    r"if not|otherwise|failing that|plan b|back-?up plan|as a (?:backup|fallback)|"
    r"fallback|worst case|if (?:anything|something) (?:changes|goes wrong|slips|comes up|"
    r"happens)|in case|if (?:that|this|it|the \w+)(?: \w+){0,2} (?:stops? (?:working|suiting)|"
    r"no longer (?:works|suits))|"
    r"if (?:it|that|this|they|the \w+)(?:'s| is| are|'re) still (?:\w+ing|not|broken|down|"
    r"wrong|there|happening)|if (?:it|that|this|the \w+) (?:keeps|happens again|comes back)|"
    # A branch on the outcome of a check ("if the test shows it's fine", "if you still think").
    r"if (?:you|u) still (?:think|feel|want|disagree|need|aren't|are not)|"
    # Clipped: "No call by noon tomorrow, ring the 555 line"
    r"(?:^|(?<=[.!?] ))no (?:call|text|email|reply|answer|word|update|refund|credit|change|"
    r"engineer|technician|delivery)\b[^.?!]{0,30}\bby\b|"
    r"if (?:it|that|this|they|the \w+)(?:'s| is| are|'re)(?: still)? not\b(?! (?:too|a problem|"
    r"much|an issue)\b)|"
    r"if (?:it|that|the \w+) turns? out|"
    r"if the (?:test|check|inspection|result|review|investigation|reading|engineer|technician) "
    r"(?:finds|shows|comes back|confirms)|"
    r"if (?:the \w+|it|that)(?:'s| is) (?:fine|ok|okay|real|correct|right|accurate))\b",
    re.IGNORECASE,
)
NOTHING_ELSE = _fast(
    r"\b(?:that's|that is|that was|that'll be|that covers) (?:everything|all|it|all i needed|"
    r"all i wanted|all i need|everything i needed|all for (?:now|today))\b|"
    r"\bnothing else(?:,| for)? (?:thanks|thank you|today|for now|i need)\b|"
    r"\b(?:i|we)(?:'m| am|'re| are) all (?:set|sorted|done|good)\b",
    re.IGNORECASE,
)
"""A customer saying unasked that nothing else is needed ("Lovely. That's everything.")."""
WANT_PLAYED_BACK = _fast(
    r"\b(?:you(?:'d| would)(?: \w+)? (?:rather|prefer)|what you(?:'re| are)? (?:really |actually |"
    r"mainly )?(?:want|need|after|hoping for)(?: is|,)|you (?:really |actually |mainly |mostly )?"
    r"(?:want|need) (?!to know\b)(?:\w+ ){0,6}(?:before|by|back|sorted|fixed|refunded|done)\b|"
    r"(?:the|your) (?:main |real )?(?:goal|priority) (?:is|here is))",
    re.IGNORECASE,
)
"""The agent saying back what the customer wants ("you would actually rather keep it, if
your data is in"): with a check, the outcome is clarified without a question about it."""
STATES_WANT = _fast(
    r"\b(?:i|we) (?:want|need|'d like|would like|expect|demand)(?: you to| it| them| this| that| the"
    r"| a| my| our| someone)\b|\bwhat i (?:want|need) is\b|\b(?:put|give) (?:it|my \w+|the \w+) "
    r"back\b",
    re.IGNORECASE,
)
"""A customer saying what they want done ("I want it put back right now")."""
REASKED = _fast(
    r"\b(?:(?:why|how many times) (?:do|does|did|are|have) (?:you|u)(?: all| lot)? (?:keep )?"
    r"(?:ask|asking)(?: me)? (?:the same|that|this)|same questions?|(?:i've|i have|i) "
    r"(?:already )?(?:told|said|explained|given)(?: (?:you|u|this|that|it|them|all))?(?: "
    r"(?:this|that|all))? (?:already|before|twice|three times|every time|last time)|you(?:'ve| "
    r"have) (?:already )?asked (?:me )?(?:that|this))\b",
    re.IGNORECASE,
)
"""A customer protesting a question they have answered before ("why do you all ask the same
questions?"): the question before it diagnosed nothing new."""
CHANNEL = _fast(
    r"\b(?:call|ring|phone|email|e-mail|text|sms|message|voicemail|letter|chat|whatsapp|"
    r"portal|app notification)\w*\b",
    re.IGNORECASE,
)
STILL_TO_LAND = _fast(
    r"\b(?:takes?|taking|need|needs|wait|allow|give it)\b[^.?!]{0,30}\b(?:a day or (?:so|two)|"
    r"a few (?:days|hours|weeks)|a couple of (?:days|hours|weeks)|a while|some time)\b",
    re.IGNORECASE,
)
"""The result lands after the call, on a wait left vague ("it takes a day or so to update"):
something is still pending that the customer has no firm time for."""
TRIGGER = _fast(
    r"\b(?:before (?:doing|starting|going ahead|ordering|fitting|replacing|charging|booking|any|"
    r"anything|we|they)|as soon as|once (?:it|the|we|they|that|your)|the moment (?:it|the|we|they))\b",
    re.IGNORECASE,
)
"""What sets off a contact instead of a clock time ("the technician will ring you before doing
any extra work", "you'll get a text as soon as it's ready"): a when the customer can hold."""
HANDOFF_RECAP = _fast(
    r"\b(?:brief|briefed|briefing|fill (?:him|her|them) in|explain(?:ed)? (?:everything|the "
    r"situation|what happened)|summar\w+|recap\w*|pass(?:ed|ing)? (?:on|along) (?:everything|"
    r"what|the details)|(?:has|have|will have) (?:the|your|all the|all your) (?:details|notes|"
    r"history|file|context|summary))\b",
    re.IGNORECASE,
)
HANDOFF_WHY = _fast(
    r"\b(?:because (?:she|he|they|my|our|the)|since (?:she|he|they)|as (?:she|he|they) "
    r"(?:can|has|have)|who (?:can|is able|has the authority|handles|specialises|specializes|"
    r"deals with|is the)|(?:has|have) (?:the )?authority|able to (?:approve|authori[sz]e|sign "
    r"off|override|waive|issue)|can (?:approve|authori[sz]e|sign off|override|waive)|"
    r"specialist in|the right person|(?:can't|cannot|can not|am not able to|i'm not able to) "
    r"(?:sign (?:it |that |them )?off|approve|authori[sz]e|waive|override)|(?:that|this|it) sits "
    r"with|(?:that's|that is|it's) (?:her|his|their) (?:call|decision))\b",
    re.IGNORECASE,
)
HANDOFF_NOTES = _fast(
    r"\b(?:so you (?:won't|don't|will not|do not) (?:have|need) to (?:repeat|explain|go over|"
    r"start)|(?:won't|don't|will not) (?:have|need) to (?:repeat|explain|go (?:over|through)|"
    r"start (?:over|again))|(?:notes?|details|history|summary|everything)\b[^.?!]{0,40}\b"
    r"(?:passed|sent|added|attached|shared|logged|written up|on (?:the|your) (?:file|account|"
    r"case|ticket))|i(?:'ve| have)(?: already)? (?:added|noted|logged|written|put) (?:the|all|"
    r"everything|a note|notes)|with (?:your|the|all (?:the|your)) (?:[\w'-]+ ){0,4}(?:attached|"
    r"included|on (?:it|file))|(?:attach|attaching|include|including|forward|forwarding) (?:your|"
    r"the|all (?:the|your)) (?:[\w'-]+ ){0,3}(?:requests?|emails?|notes|photos|screenshots?|"
    r"evidence|receipts?|invoices?|confirmations?|records?|files?|paperwork))\b",
    re.IGNORECASE,
)
UPSET = _fast(
    r"\b(?:frustrat\w*|angry|furious|livid|fuming|upset|annoyed|irritat\w*|fed up|sick (?:of|and "
    r"tired)|ridiculous|unacceptable|disgrace\w*|disgust\w*|outrage\w*|appall\w*|shocking|"
    r"terrible|awful|useless|pathetic|joke|nightmare|worried|anxious|stressed|panick\w*|"
    r"desperate|complain\w*|again|still (?:not|no|hasn't|haven't|waiting|nothing)|"
    r"(?:nobody|no one) (?:came|called|turned up|showed|told|rang|answered|got back|bothered)|"
    r"(?:haven't|hasn't|didn't|never) (?:seen|received|got|had|heard)|"
    r"never (?:came|arrived|turned up|showed|called|got)|waste\w* (?:of|my)|(?:second|third|"
    r"fourth|fifth|sixth|\d+(?:st|nd|rd|th)) time|how much longer|why (?:hasn't|haven't|isn't|"
    r"didn't|did no one|did nobody|won't|can't)|i want (?:(?:it|this|that|them) (?:\w+ )?(?:fixed|sorted|refunded|"
    r"back|now|done|today|cancelled|gone|removed|put right|resolved|taken off|reversed)|a refund|"
    r"my money|compensation)|compensation|manager|supervisor|broken|damaged|cracked|denied|refused|"
    r"twice|overcharg\w*|bounc\w*|(?:is|was|are|were|arrived|running|came|been|still) "
    r"(?:\w+ )?late|missing|lost|(?:hasn't|haven't|didn't|never) (?:arrived|come|turned up|"
    r"shown up|been (?:fixed|sorted|refunded|paid))|(?:somebody|someone|you) (?:has |have )?(?:made a mistake|"
    r"got it wrong|messed up))\b|!",
    re.IGNORECASE,
)
"""A customer line with something to de-escalate: a feeling, a complaint, a demand, a fault
(but see :func:`upset`: some of these words, on their own, only describe a routine request)."""
_FAULT_ONLY = re.compile(
    r"(?:again|twice|missing|lost|late|broken|damaged|cracked|denied|refused|bounc\w*|"
    r"(?:haven't|hasn't|didn't|never) (?:seen|received|got|had|heard|arrived|come)|"
    r"(?:is|was|are|were|arrived|running|came|been|still) (?:\w+ )?late)",
    re.IGNORECASE,
)
"""UPSET words that name what went wrong, not how the customer feels about it: a routine
request says them calmly ("one of the items was missing", "should I try again?")."""
_WARM_EXCLAIM = re.compile(
    r"^\W*(?:(?:oh|ah|aw|ok(?:ay)?|yes|yeah|great|perfect|lovely|brilliant|wonderful|amazing|"
    r"awesome|excellent|fantastic|super|cool|nice|fab|yay|hooray|hi|hello|hey|morning|bye|cheers|"
    r"thanks?|thank you|ta)\b[^.!?]*|[^.!?]*\b(?:thanks?|thank you|cheers|bye|goodbye|"
    r"see you|take care|have a (?:good|great|nice|lovely)|happy (?:birthday|anniversary|"
    r"holidays?|new year)|congratulations|congrats|merry christmas|can't wait|looking forward|"
    r"sounds (?:great|perfect|lovely|good|amazing|wonderful)|that's (?:great|perfect|lovely|"
    r"brilliant|wonderful|amazing|fantastic|everything|all)|you(?:'re| are| have been|'ve been) "
    r"(?:a star|a lifesaver|brilliant|amazing|great|so helpful|very helpful|lovely|wonderful))"
    r"[^.!?]*)\W*$",
    re.IGNORECASE,
)
"""A sentence whose exclamation mark is warmth, not heat ("Bye!", "Thanks so much!")."""
_ROUTINE_AGAIN = re.compile(
    r"(?:\b(?:try|trying|tried|do|redo|send|resend|log in|sign in|reset|book|order|use|start|"
    r"pay|travel|come|call you|ring you|go|see|fill|submit|request|requested)\b(?: \w+){0,4}|"
    r"(?:n't|not|never) (?:\w+ )?happen) again\b|\bagain\b[^.!?]*\?",
    re.IGNORECASE,
)
""""again" for a step the customer repeats, or a fault they want prevented ("should I try
again?", "so it doesn't happen again"), not a fault come back ("it's dropped again")."""
_FAULT_TWICE = re.compile(
    r"\b(?:charged|billed|taken|debited|deducted|paid|happened|come|came|been|sent|delivered|"
    r"cancell?ed|booked|failed|missed)(?: \w+){0,2} twice\b",
    re.IGNORECASE,
)
""""twice" for a fault ("you charged me twice"), not the customer's own attempts."""
_SOFT_FEELING = re.compile(
    r"(?:frustrat\w*|annoy\w*|irritat\w*|upset|worried|anxious|stressed)", re.IGNORECASE
)
_HEDGE = re.compile(
    r"\b(?:a (?:little|bit|tad)(?: bit)?|slightly|somewhat|kind of|kinda|a touch|bit of|"
    r"little bit)(?: \w+)? $",
    re.IGNORECASE,
)


def _sentence_start(line: str, at: int) -> int:
    return max(line.rfind(mark, 0, at) for mark in ".!?") + 1


def _sentence_end(line: str, at: int) -> int:
    ends = [i for i in (line.find(mark, at) for mark in ".!?") if i >= 0]
    return min(ends) + 1 if ends else len(line)


_ASKS_AHEAD = re.compile(
    r"^\W*(?:(?:oh|so|and|but|ok(?:ay)?|right),? )*(?:so )?(?:i|it|they|we|that)? ?(?:won't|will|"
    r"would|wouldn't|could|might|is it going to|am i going to|isn't going to|won't it)\b[^.!]*\?$",
    re.IGNORECASE,
)
"""A question about what will happen ("Oh, so I won't be charged twice close together?")."""


def upset(line: str) -> str | None:
    """The words in a customer line that mark it as one to de-escalate (None when none do).

    A fault named on its own ("twice", "missing", "haven't seen the refund") and a feeling
    played down ("it's a bit frustrating", "a little worried") are what a calm caller with a
    routine request says; :func:`mild_feeling` finds the second, which still wants a word of
    acknowledgement.
    """
    match = UPSET.search(line)
    while match is not None:
        word = match.group(0)
        start = _sentence_start(line, match.start())
        if word == "!":
            run = match.start()
            while run > 0 and line[run - 1] in "!?":
                run -= 1
            if not _WARM_EXCLAIM.search(line[_sentence_start(line, run) : run]):
                return word
            match = UPSET.search(line, match.end())
            continue
        if word.lower() == "again":
            routine = bool(_ROUTINE_AGAIN.search(line, start))
        elif word.lower() == "twice":
            routine = not _FAULT_TWICE.search(line, start, match.end())
        else:
            routine = True
        if not routine and _ASKS_AHEAD.search(line[start : _sentence_end(line, match.end())]):
            routine = True  # "so I won't be charged twice?" asks; nothing has gone wrong
        mild = (_FAULT_ONLY.fullmatch(word) and routine) or (
            _SOFT_FEELING.fullmatch(word) and _HEDGE.search(line, 0, match.start())
        )
        if not mild:
            return word
        match = UPSET.search(line, max(match.end(), match.start() + 1))
    return None


def repeat_trouble(line: str) -> bool:
    """True when the customer says the trouble has come back or gone on.

    "Here we go again", "every time I call": what an acknowledgement of their history answers.
    """
    if REPEATED_FAILURE.search(line):
        return True
    for match in re.finditer(r"\bagain\b", line, re.IGNORECASE):
        if not _ROUTINE_AGAIN.search(line, _sentence_start(line, match.start())):
            return True
    return False


def mild_feeling(line: str) -> str | None:
    """A feeling the customer plays down ("it's a bit frustrating"), or None."""
    for match in _SOFT_FEELING.finditer(line):
        if _HEDGE.search(line, 0, match.start()):
            return match.group(0)
    return None


ACCEPTS = _fast(
    r"^\W*(?:(?:oh,? |ah,? |ok(?:ay)?,? |right,? |yes,? |great,? )*)(?:great|perfect|lovely|"
    r"brilliant|excellent|fantastic|wonderful|super|that's (?:great|perfect|brilliant|helpful|"
    r"really helpful|fine|good|lovely|everything|all|it|sorted|fair)|that (?:makes sense|works|"
    r"helps|sorts it)|good to know|makes sense|sounds (?:good|great|fine|perfect)|thanks?\b|"
    r"thank you|cheers|ok(?:ay)?\b|got it|understood|yes,? (?:please|that's|that works|do that)|"
    r"fine|no,? (?:that's|that is) (?:all|everything|it)|all good)",
    re.IGNORECASE,
)
"""A customer line taking what the agent just said: thanks, agreement, "good to know"."""
COMPLETED = _fast(
    r"\b(?:i've|i have|we've|we have|that's|that is|it's|it is|you're|you are|all|it's been|"
    r"that's been|has been|have been|is now|are now)(?: now| just| all| already)? (?:booked|"
    r"changed|updated|cancell?ed|sent|processed|refunded|reset|sorted|fixed|confirmed|rebooked|"
    r"arranged|set up|credited|applied|unlocked|reactivated|renewed|switched|submitted|approved|"
    r"added|moved|rescheduled|redirected|issued|removed|corrected|waived|done|logged|extended|"
    r"opened|cleared|requested|paid|raised|lodged|placed|restored|activated|resent|"
    r"downgraded|upgraded|transferred|put (?:those|that|it|them|this) (?:in|on|through))\b|"
    r"\b(?:i|we)(?: now| just| also)? (?:extended|opened|cleared|ran|logged|raised|lodged|"
    r"requested|processed|refunded|cancell?ed|booked|rebooked|changed|updated|unlocked|"
    r"credited|issued|moved|waived|reset|resent|fixed|sorted|set up) (?:it|that|this|them|"
    r"the|your|a|an|those)\b|"
    r"(?:^|[.!?] )(?:sent|done|booked|sorted|all done)(?: now)?[.,!]|"
    r"\byour (?:reference|confirmation|booking|ticket|case) (?:number |code )?is\b",
    re.IGNORECASE,
)
"""An agent line saying something was done on the call (a booking made, a change saved)."""
LIGHT = re.compile(  # emoji have no literal to gate on: a plain pattern
    r"\b(?:ha(?:ha)+\w*|lol|lmao|hehe\w*|congrat\w*|birthday|wedding|engaged|honeymoon|holiday|"
    r"vacation|trip|great news|good news|excited|exciting|puppy|puppies|kitten|dog|cat|baby|"
    r"retir\w*|graduat\w*|new (?:house|home|job|flat)|moved|weekend|christmas|weather|garden\w*|"
    r"funny|joke|kidding)\b|[\U0001F600-\U0001F64F\U0001F389\U0001F384]|:\)|;\)",
    re.IGNORECASE,
)
"""A light customer line (good news, small talk, a joke): laughing along is warmth there."""

OWN_STORY = _fast(
    r"\b(?:my|our) (?:own |little |older |younger |big )?(?:sister|brother|cousin|mum|mom|mother|"
    r"dad|father|gran|grandma|granny|nan|grandad|grandpa|neighbou?r|wife|husband|boyfriend|"
    r"girlfriend|kids|son|daughter|aunt|uncle|niece|nephew|flatmate|roommate|parents|family|"
    r"grandparents|fianc[eé]e?)\b(?! (?:has|have|had|is|are|was|were) (?:asked|told|"
    r"called|been in touch)\b)|\b(?:i|we) "
    r"(?:once|took (?:one|it|mine) (?:camping|on holiday)|went (?:camping|on holiday))\b|"
    r"\bmy own (?:internet|phone|car|kitchen|house|flight|dog|cat)\b",
    re.IGNORECASE,
)
"""The agent telling a story about their own life ("my sister has a Lab mix too", "my own
internet went out last winter"): small talk that is not about the customer's problem."""

# --- what a customer's line may take for granted (simulator/practice/premises.py) ------
CALM_TOLD = _fast(
    r"\b(?:(?:calm|settle|simmer|cool) (?:down|dwn|it)|calm yourself|relax|chill(?: out)?|take a "
    r"(?:deep )?breath|deep breaths?|stop (?:shouting|yelling|screaming)|no need (?:to|2) (?:shout|yell|"
    r"panic|get (?:so )?(?:upset|angry|worked up|mad|emotional))|(?:don't|do not) (?:get|be) (?:so )?"
    r"(?:upset|angry|worked up|emotional|mad|wound up|het up)|(?:getting|get|got) (?:so )?"
    r"worked up)\b",
    re.IGNORECASE,
)
"""The agent tells the customer to calm down ("relax", "no need to get so worked up")."""
_BLAMES_CUSTOMER = (
    r"\b(?:you(?:'d)? (?:should|must|need to|needed to|ought to)(?: have|'ve)(?! been (?:\w+ed|"
    r"given|told|shown|sent|kept|made|seen|put|taken|brought)\b)|"
    r"you were (?:supposed|meant) to|you (?:didn't|did not|never|failed to|forgot to) (?!have to\b)"
    r"\w+|if you(?:'d| had)|you got (?:it|that|this) wrong|you(?:'re| are) (?:wrong|mistaken)|"
    r"you (?:agreed|signed|accepted|clicked|ticked)|your (?:own )?(?:fault|mistake|error|"
    r"responsibility|doing)|(?:on|up to) you\b|what happens when you)"
)
BLAMES_CUSTOMER = _fast(_BLAMES_CUSTOMER, re.IGNORECASE)
"""The agent puts the fault on the customer ("you should have read the terms")."""
_BLAMES_OTHERS = (
    r"\b(?:departments?|teams?|billing|dispatch|warehouse|couriers?|carriers?|third[- ]party|"
    r"partners?|suppliers?|contractors?|subcontractors?|manufacturers?|system|software|"
    r"marketing|head office|the bank|insurers?|drivers?|front desk|the desk|engineers?|"
    r"technicians?|adjusters?|vendors?|another company|the other (?:agent|person|guy|lady)|"
    r"(?:previous|last|other) (?:agent|person|colleague|shift))\b"
)
BLAMES_OTHERS = _fast(_BLAMES_OTHERS, re.IGNORECASE)
"""The agent names someone else, inside or outside the company, in a turn that shifts blame."""
FAULT_RAISED = _fast(
    rf"{_BLAMES_CUSTOMER}|{_BLAMES_OTHERS}|\b(?:fault|faults|blame\w*|to blame|"
    r"responsib\w*|caused? (?:it|this|that)|who did (?:it|this|that))\b",
    re.IGNORECASE,
)
"""Whose fault it is comes up: the customer or someone else blamed, or fault named."""
NOTHING_DOABLE = _fast(
    r"\b(?:nothing (?:(?:more|else) )?(?:i|we|anyone|anybody|they|a manager|a supervisor)"
    r"(?: \w+)? can (?:do|offer|change)|nothing (?:can|could) be done|nothing to be done|"
    r"(?:can't|cannot|can not) do anything|unable to (?:help|do anything)|hands are tied|"
    r"it is what it is|there's no (?:way|option|alternative)|no way (?:i|we|to) (?:can )?"
    r"(?:fix|change|do)|(?:i|we) (?:have|has) no (?:control|say|power|way))\b"
    r"(?! (?:about|with|for) (?!(?:it|this|that|any of (?:it|this|that))\b))",
    re.IGNORECASE,
)
"""The agent says nothing at all can be done: not "I can't do anything about the chat bot"."""
FEE_NAMED = _fast(
    r"\b(?:fees?|charges?|charged|costs?|fines?|penalt(?:y|ies)|surcharges?|deposits?|excess|"
    r"policy|policies|rules?|terms|minimum|cancellation)\b",
    re.IGNORECASE,
)
"""Something the customer could ask to have waived: a fee, a charge, a rule."""
PROMISE_MADE = _fast(
    r"\b(?:i(?:'ll| will|'m going to| am going to)|we(?:'ll| will|'re going to| are going to)|"
    r"(?:it|that|this|they|he|she|someone|the \w+)(?:'ll| will| is going to| are going to)|"
    r"you(?:'ll| will) (?:get|have|receive|hear|see)|(?:i|we) (?:promise|guarantee)|"
    r"(?:i've|i have|we've|we have) (?:booked|arranged|sent|scheduled|set up|put))\b",
    re.IGNORECASE,
)
"""The agent commits to something (what "and when that doesn't happen?" doubts)."""
GUARANTEE_GIVEN = _fast(
    r"\b(?:guarantee\w*|promis\w*|definitely|100 ?%|hundred per ?cent|for sure|without fail|"
    r"i assure you|absolutely|certainly|no doubt)",
    re.IGNORECASE,
)
"""The agent guarantees ("I promise", "definitely", "100%"): what "Guaranteed?" echoes."""

_UNMARKED = re.compile(r"^(?:what|where|who|how|when|which)'s (?:your|the|ur)\b")
"""A question typed without its mark that the chat spelling does not mark either."""


_ASKING = re.compile(
    r"(?:(?:and|but|so|okay|ok|right|just|also|sorry|then|now|and if so|if so)[,]? )*"
    r"(?:is|are|was|were|do|does|did|can|could|would|will|have|has|had|should|shall|may|who|"
    r"whose|whom|what|when|where|which|how|why|tell me|walk me|talk me|describe)\b"
)
_LEAD_IN_END = re.compile(r"(?:[:;]| [-–—]|,) +")


_TIME_CLAUSE = re.compile(
    r"^(?:(?:and|so|ok|okay)[,]? )?(?:when|once|after|before|while|if) (?!(?:does|did|do|is|are|was|"
    r"were|will|would|can|could|should|has|have|had|exactly|roughly)\b)[^,?]{3,60}, "
)
"""A clause of time or condition before the question ("when you got the estimate, ")."""


_EMBEDDING = re.compile(
    r"(?:(?:and|but|so|okay|ok|right|just|also|sorry|then|now)[,]? )*(?:(?:would|do) (?:you|u) "
    r"mind (?:telling|sharing with|explaining to|letting) me(?: know)?|(?:can|could|would|will) "
    r"(?:you|u) (?:please |just )?(?:tell|let|show) me(?: know)?|(?:can|could|would) (?:you|u) "
    r"(?:please )?(?:explain|describe|remember|recall)|(?:do|did) (?:you|u) (?:happen to )?"
    r"(?:know|remember|recall|notice)|(?:can|could|may) (?:i|we) (?:just )?ask(?: you)?|any idea|"
    r"i(?:'d| would) (?:like|love) to (?:know|understand|hear)|i'm (?:wondering|curious)|i wonder)"
    r",? (?=(?:who|whose|whom|what|when|where|which|how|why)\b)"
)
"""A frame around a question word ("would you mind telling me where it got stuck?", "do you
remember who you spoke to?", "can I ask what they said?"): the question asks with the word."""


def question_form(question: str) -> str:
    """The part of a lower-cased question that asks, after any lead-in before it.

    "one thing that'll help: have you been in touch with them?" and "and brightline, have
    you spoken to them?" ask yes or no about the customer, as "have you..." does alone: the
    forms of a question (open, yes/no, about them, who or when) are read from where the
    asking starts. A question with no such start is its own form. A frame around a question
    word ("do you remember who ...?") is left out: the question word asks.
    """
    form = _asking_part(question)
    embedded = _EMBEDDING.match(form)
    return form[embedded.end() :] if embedded else form


def _asking_part(question: str) -> str:
    clause = _TIME_CLAUSE.match(question)
    if clause and _ASKING.match(question[clause.end() :]):
        return question[clause.end() :]  # "when you got the estimate, what did they say?"
    if _ASKING.match(question):
        return question
    for end in _LEAD_IN_END.finditer(question):
        rest = question[end.end() :]
        if _ASKING.match(rest):
            return rest
    return question


_INDIRECT = re.compile(
    r"^(?:(?:could|can|would|will) (?:you|u) |please |kindly |just |if (?:you|u) could )*(?:confirm|"
    r"let me know|tell me|say|advise(?: me)?)(?: for me| to me)? (?:whether|if) (this|that|it|"
    r"everything|the \w+|(?:you|u)) (?:(is|are|was|would|will|can|have|has|do|does) (.*)|"
    r"(works|suits|helps|sounds)(.*))$"
)


def direct(question: str) -> str:
    """A yes/no question asked as a request, in its direct form; others as they are.

    "Kindly confirm whether this is acceptable" is "is this acceptable?": a yes or no.
    """
    found = _INDIRECT.match(question)
    if found is None:
        return question
    subject = "you" if found.group(1) == "u" else found.group(1)
    if found.group(2):
        return f"{found.group(2)} {subject} {found.group(3)}"
    return f"does {subject} {found.group(4)[:-1]}{found.group(5)}"


def asked_in(standard: str) -> tuple[str, ...]:
    """The questions of a turn in standard spelling, lower-cased (``normalise``).

    The sentences with a question mark, or else the whole turn when it is a question typed
    without one ("whats ur phone number", "could you look at the back of the card").
    """
    asked = tuple(direct(sentence.text) for sentence in questions(standard))
    if not asked and (_UNMARKED.match(standard) or DO_NOW.search(standard)):
        asked = (direct(standard.rstrip(" .!") + "?"),)
    return asked


RESIGNED = _fast(
    r"\b(?:i guess(?! so\b)|i suppose(?! so\b)|(?:ok(?:ay)?|fine|right) then|if you say so|"
    r"whatever)\b",
    re.IGNORECASE,
)
"""A customer line that gives up rather than agrees ("No, I suppose not.", "Thanks, I guess."):
what the agent said before it, or asked after it, did not settle anything."""
UNDERSTOOD = _fast(
    r"^\W*(?:(?:oh|ah|okay|ok|right),? )?(?:i (?:completely |totally |fully |do )?understand|"
    r"i can (?:see|imagine|understand) (?:that|why|how)|that makes sense|understandably|"
    r"no wonder)\b",
    re.IGNORECASE,
)
"""An agent line opening by taking in what the customer said ("I understand, four days is
not much"): on a routine call, enough for a feeling the customer played down."""
WANTS = _fast(
    r"\b(?:(?:would|do|did|will) (?:you|u)(?: also| still| really| just| actually)? (?:like|"
    r"want|prefer|need|rather)|(?:you|u) "
    r"(?:want|need|would like|'d like|'d prefer|'d rather) (?:to|it|me|us|the|a)\b|(?:are|"
    r"were) (?:you|u) (?:wanting|hoping|looking|after)|(?:suit|suits|works? (?:best |better )?"
    r"for|(?:easiest|easier|best|better) for) (?:you|u)\b|what (?:date|day|time|day and time|slot|option|amount)\b|which "
    r"(?:date|day|time|slot|option|one) (?:would|do|did|suits|works)|(?:most|more) important "
    r"(?:for|to) (?:you|u)|anything (?:you'd|you would|u would) like|"
    r"(?:any|anything)(?: \w+){0,3} (?:should|needs? to|ought to) know|any (?:preference|"
    r"preferences|special requests?|particular (?:time|day|date))|(?:do|would) (?:you|u) have a "
    r"preference)",
    re.IGNORECASE,
)
"""A question about what the customer wants from a routine request ("what date would you
like?", "is there anything you'd like from us beyond the feedback?"): on a routine call,
this is the outcome clarified."""
