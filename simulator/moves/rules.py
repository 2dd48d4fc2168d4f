"""Pattern rules over word classes, one small set per move.

Each rule is a regex over the normalised utterance. A rule marked ``negatable`` does not
fire when a negator stands just before its match in the same clause ("I can't promise",
"it's not your fault"). ``needs_future`` rules fire only in a sentence that also looks
forward (a commitment, not a date read back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.models.moves import Move
from simulator.moves.lexicon import (
    ABUSE,
    ACTION_VERB,
    DEPARTMENT,
    EMOTION,
    ESCALATION_OWNER,
    FUTURE_CUE,
    INTENSIFIER,
    NEGATOR,
    TIME_MARKERS,
)

I_WILL = r"(?:i(?:'ll| will| am going to|'m going to|'m gonna|'m| am)|let me|we(?:'ll| will| are going to|'re going to))"
"""A commitment. "I can ..." and "we could ..." offer, they do not commit."""
YOU = r"(?:you|your)"
LAUGHTER = r"(?:lol|lmao|lmfao|rofl|haha+|hehe+|ha ha)"
"""Laughter as typed in a chat (the hostile rule; the detector lets it pass with good news)."""


@dataclass(frozen=True)
class Rule:
    """One pattern that, when it matches, is evidence of a move."""

    move: Move
    pattern: re.Pattern[str]
    negatable: bool = False
    needs_future: bool = False

    @property
    def guarded(self) -> bool:
        """True when a match still has to pass the negation or the future check."""
        return self.negatable or self.needs_future


def _rules(move: Move, *patterns: str, negatable: bool = False, future: bool = False) -> list[Rule]:
    return [Rule(move, re.compile(p), negatable, future) for p in patterns]


RULES: tuple[Rule, ...] = (
    *_rules(
        Move.GREET,
        r"^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|morning|afternoon)\b",
        r"\bthanks? (?:you )?for (?:calling|contacting|reaching out|getting in touch|"
        r"ringing|holding|waiting|chatting)\b",
        r"\bwelcome (?:to|back)\b",
        r"^(?:you're|you are) (?:through to|speaking (?:with|to))\b",
        r"\b(?:my name is|this is) [a-z]+(?:,| and| from| at| with| here| speaking|\.|$)",
        r"\bhow can i help(?: you)?(?: today)?\b",
        r"\bnice to (?:meet|speak (?:with|to)|hear from) you\b",
    ),
    *_rules(
        Move.ACKNOWLEDGE_EMOTION,
        rf"\b(?:that|this|it|which)(?:'s| is| was| has been| sounds| must be| must have been|"
        rf" would be| seems| feels| looks)(?: like)?(?: (?:a|an|such a|quite a))?"
        rf"(?: understandably| completely| totally| {INTENSIFIER})?"
        rf"(?: {INTENSIFIER})?(?: fair| real| genuine| big| natural| understandable)? {EMOTION}\b",
        rf"\b(?:i|we) (?:can |could )?(?:only |completely |totally |fully |really |truly |"
        rf"absolutely |do |just )?(?:hear|see|tell|imagine|understand|get|appreciate|sense|"
        rf"know)(?: just)? (?:how|why|that|what|the)\b[^.?!]{{0,40}}\b{EMOTION}\b",
        rf"\b(?:you(?:'re| are| must be| sound| seem| feel|'ve been| have been| were)|"
        rf"you'd be|anyone would be|i'd be|i would be)(?: {INTENSIFIER})?(?: {INTENSIFIER})? {EMOTION}\b",
        r"\bno wonder (?:you|you're|you are|you've)\b",
        r"\b(?:you have|you've got|you've) every (?:right|reason)\b",
        r"\b(?:completely|totally|perfectly|entirely) (?:understandable|fair|reasonable|valid)\b",
        r"\bthat makes (?:total |complete |perfect )?sense (?:that )?you(?:'re| are| feel)\b",
        r"\bi (?:completely |totally |fully )?(?:get|understand) (?:it|why|that)\b(?! number| right"
        r"| wrong| done| sorted| fixed| back| to\b| in\b| over\b)",
        r"\bi(?:'d| would) (?:feel|be) (?:the )?same\b",
        # Owning that it went wrong ("that should not have happened", "not how it's meant to go").
        r"\b(?:that|this|it) (?:should(?:n't| not| never) have happened|should never have happened)\b",
        r"\bnot (?:how|what) (?:it|this|that|things|the \w+)(?:'s| is| was| are| were)? (?:supposed|"
        r"meant) to\b",
        # Empathy by identification ("I'd be on the phone too", "in your shoes I'd want answers").
        r"\bi(?:'d| would)(?: have)? (?:be|been|do|done|feel|felt|react\w*)\b(?! (?:happy|glad|"
        r"pleased|able|delighted|keen|willing|more than|doing|getting|sending|booking|checking)\b)"
        r"[^.?!]{0,40}\b(?:too|as well|the same)\b",
        r"\bi(?:'d| would)(?: have)? want(?:ed)? (?:an? |answers|the same|to know|some|it )[^.?!]{0,30}"
        r"\b(?:too|as well)\b",
        r"\bin your (?:shoes|position|place)\b",
        rf"\b(?:your|the) {EMOTION}\b(?: is| makes| totally| completely| here)",
        rf"\bi understand (?:your|the|how|why)\b[^.?!]{{0,30}}\b{EMOTION}",
        r"\bthat(?:'s| is) (?:a lot|so much) to (?:deal with|handle|take)\b",
        r"\b(?:that's|that is|what) (?:a |an )?(?:really )?(?:rotten|rough|awful|horrible|terrible|"
        r"miserable|lousy|stressful|horrid) (?:way|start|end|thing|day|night|time|week|morning|"
        r"evening|afternoon|weekend|trip|journey|situation|experience|position|few days|month)\b",
        r"\b(?:what a|such a) (?:mess|nightmare|headache|hassle|pain|rotten|rough|slog|ordeal|"
        r"palaver|faff|let-?down|struggle)\b",
        r"\bthat(?:'s| is) (?:really |so )?(?:not okay|not on(?! (?:me|us|them|him|her)\b)|not fair|"
        r"not right|rotten|rough|"
        r"grim|poor form|no good|not good enough)\b",
        r"\b(?:i|we) hear you\b",
        # Agreeing the customer has a point ("you're right, that delay was on us").
        r"(?:^|(?<=[.!?,] ))(?:and |well,? |honestly,? )?you(?:'re| are) (?:absolutely |completely |"
        r"quite |totally |dead |so )?right\b(?! (?:here|there|now|back|in|at|on|where|away|after|"
        r"before|side|through))",
        r"\bi(?:'m| am) with you\b",
        rf"\b(?:must|would|could) (?:be|feel|have been|have felt) (?:really |so |incredibly )?{EMOTION}\b",
        r"\bthe last thing (?:you|anyone) (?:need|want)\w*",
        r"\bnot (?:what|how) (?:you|anyone) (?:want|need|wanted|needed)\b",
        r"(?:^|[.!?] )(?:so |how |really )?(?:annoying|frustrating|infuriating|maddening|"
        r"stressful|worrying|scary|upsetting|gutting|galling) (?:when|that|isn't it|,)",
        r"\byou (?:shouldn't|should not|should never) (?:have (?:had )?to|have been left|be (?:seeing|"
        r"getting|paying|dealing|chasing|waiting|charged|left)|need to|ever have to)\b",
        # "Four calls about the same thing is four too many"
        r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) too many\b",
        r"\b(?:that'd|that would|that'll|that will|that's|that) (?:put a dampener on|take the "
        r"shine off|ruin|spoil)\b",
        r"\bi (?:don't|do not|wouldn't|would not|can't|cannot) blame you\b",
        r"\ba (?:\w+ )?(?:spot|place|position|situation) to be in\b",
        r"\bbeyond a joke\b",
        r"\b(?:a lot|hard|tough|a bitter pill) to (?:swallow|take|stomach|deal with)\b",
        r"\bwould (?:rattle|shake|upset|worry|frustrate|annoy|stress|throw|floor) (?:anyone|anybody"
        r"|most people|me too|me as well)\b",
        r"\b(?:knock(?:ed)? the wind out|a kick in the teeth|a gut punch|a real blow)\b",
        r"\byou(?:'ve| have) had (?:a|an|such a) (?:\w+ )?(?:rough|hard|tough|awful|horrible|"
        r"miserable|difficult|stressful|draining|exhausting|rotten)\b",
        negatable=True,
    ),
    *_rules(
        Move.APOLOGIZE,
        r"\b(?:i'm|i am|we're|we are|so|really|truly|very)? ?sorry\b(?! ?\?)(?!,? (?:what|could|can|"
        r"say|come again|i didn't catch|who|where|which)\b)",
        r"\b(?:i|we) (?:sincerely |truly |do |really )?apologi[sz]e\b",
        r"\b(?:my|our) (?:sincere |deepest |humble )?apologies\b",
        r"\b(?:that's|that is|this is|it's) on (?:us|me)\b",
        r"\b(?:that|this|the) (?:\w+ )?(?:delay|mistake|error|mix-?up|cancellation|outage|charge|"
        r"miss|failure|part)(?:'s| is| was) on (?:us|me)\b",
        r"\bmy bad\b",
        r"\b(?:we|i) (?:messed|dropped|got) (?:this|that|it) (?:up|wrong)\b",
        r"\b(?:we|i) (?:let you down|should have (?:called|told|done|caught|been))\b",
        r"\bi regret\b",
        r"\bforgive (?:us|me)\b",
        r"\bshould never have happened\b",
        r"\bwe got (?:this|that|it) wrong\b",
        r"\bthat(?:'s| is) (?:our|my) (?:fault|mistake|error)\b",
        negatable=True,
    ),
    *_rules(
        Move.REFLECT,
        r"\b(?:so )?(?:what )?(?<!first )(?<!first time )i(?:'m| am) hearing(?: is)?\b(?! (?:about|of)\b)",
        r"\b(?:so )?(?:it )?sounds like (?:you|your|the|they|nobody|no one|this|it)\b",
        r"\b(?:so )?(?:you(?:'re| are)|you've been|you were) (?:saying|telling me)\b",
        r"(?:^|\bjust |(?<![ap]\.m)[.!?] )to (?:make sure i(?:'ve| have)? (?:got|understood|understand|heard)|"
        r"confirm|check i(?:'ve| have)?|recap|sum up|summari[sz]e)\b",
        r"\blet me (?:make sure|check|confirm|repeat|play (?:that|this|it) back|read (?:that|this|it) "
        r"back|recap|sum (?:that|this|it) up|see if i(?:'ve| have))\b[^.?!]{0,30}\b(?:right|"
        r"understood|got|understand)\b",
        r"\bif i(?:'ve| have) (?:got|understood) (?:this|that|you|it) (?:right|correctly)\b",
        r"\bif i understand (?:you |this |that |it )?(?:right|correctly)\b",
        r"\b(?:did|have) i (?:get|got|understand|understood) (?:that|this|it|you|everything) "
        r"(?:right|correctly)\b",
        r"\b(?:is|was) that (?:right|correct|accurate|fair|about right)\b",
        r"\bam i (?:right|understanding|getting)\b",
        r"\b(?:correct me if|tell me if) i(?:'m| am| have| got| missed)\b",
        r"\bin other words\b",
        r"\bso (?:basically|essentially|the (?:main |real |core )?(?:issue|problem|concern) is)\b",
        r"\bthe (?:main|real|core|key) (?:issue|problem|concern|worry) (?:here )?(?:is|being)\b",
    ),
    *_rules(
        Move.CLARIFY_OUTCOME,
        r"\b(?:where|when|by when|what time) (?:(?:do|would) )?(?:you|u) (?:need|must|have|got) (?:to )?"
        r"(?:be|get|arrive|reach)\b",
        # The deadline they are working to, asked short ("... and by what time?").
        r"\b(?:and )?by what time\b(?=[^.!?]{0,40}\?)",
        r"\bwhat ['\"]?[\w ]{1,20}['\"]? (?:looks|would look) like (?:to|for) (?:you|u|your (?:\w+ )?"
        r"(?:crew|team|business|company|family|staff|firm|practice|shop|office|kids|clients))\b",
        r"\bwhat (?:would|could|can|should|will|do)(?: you| we| i)?(?: like| want| need| prefer| "
        r"hope| expect)?[^.?!]{0,30}\b(?:put (?:this|it|things) right|make (?:this|it|things) "
        r"right|fix (?:this|it)|resolve|solve|outcome|result|resolution|ideal|best|happy|fair|"
        r"help(?:s)? (?:you )?(?:most|the most)|look like|feel better|make this better|satisf\w*|"
        r"sort (?:this|it|things) out)",
        r"\bwhat (?:would you (?:most |really |ideally )?like|do you (?:most |really )?want|do you "
        r"(?:most |really )?need|are you hoping|are you looking)"
        r"(?: (?:me|us) to do| to happen| (?:for|from) (?:us|me|this call|today)| for| to get)\b",
        r"\bwhat(?:'s| is| would be) (?:the |a |your )?(?:ideal|best|fair|good|right|preferred|"
        r"most (?:important|useful)) (?:outcome|result|resolution|fix|next step|way forward|"
        r"solution|option|thing)\b",
        r"\bhow (?:would|do|can|could) (?:you like|we|i) (?:(?:to )?(?:see|have) (?:this|it) "
        r"(?:handled|resolved|fixed|sorted)|(?:put|make|set) (?:this|it|things) right|"
        r"(?:fix|resolve|sort) (?:this|it))\b",
        r"\bwhat (?:would|will) (?:make|put) (?:this|it|things|you)\b",
        r"\bwhat (?:result|outcome|resolution|ending) (?:(?:are|would|do|did|will) )?(?:you|u)\b",
        r"\b(?:in an ideal world|if you could wave a (?:magic )?wand|ideally),? what\b",
        r"\bwhat matters (?:most|more) to you\b",
        # What they need checked against what they said ("if I can get you there by morning,
        # is that what you need?")
        r"\b(?:is|would) (?:that|this) (?:be )?what (?:you|u) (?:need|want|were hoping for|are after|"
        r"'re after|had in mind)\b",
        r"\bwhat(?:'s| is) (?:the )?most important (?:now |right now |today |here )?(?:to|for) "
        r"(?:you|u)\b|\b(?:for|to) (?:you|u),? what(?:'s| is) (?:the )?most important\b",
        r"\bwhat (?:does|would) (?:a )?(?:good|fair|great|success\w*) (?:outcome|result|"
        r"resolution|end|ending)?(?: here)? look like\b",
        r"\bwhat are you hoping\b",
        # Without the auxiliary, as in non-native English ("so what you need from us today, is
        # it ... or both?", "what you are most worry about?")
        r"(?:^|(?<=[.!?,:] ))(?:so |and |please,? )?what (?:you|u) (?:most |really )?(?:need|want|"
        r"would like|hope|are (?:most )?worr(?:y|ied)(?: about)?)\b(?=(?:\b(?:ms|mr|mrs|dr)\.|[^.!?])*\?)",
        # Clipped: "Main need: rent of 1,650 clears Monday?"
        r"\b(?:(?:main|key|real|top|your|biggest) (?:need|priority|goal|concern|worry)|goal)\b"
        r"(?:\. |\s*[-:\u2013\u2014]\s*)?[^.?!]{0,60}\?",
        # Where they want it to end ("where do you want this to end up?", "how would you like
        # things to turn out?")
        r"\b(?:where|how) (?:(?:do|would) )?(?:you|u)(?:'d)? (?:want|like|need|see|expect|hope) "
        r"(?:this|it|things|the \w+)(?: to)? (?:end up|land|finish|end|turn out|wrap up|go from "
        r"here)\b",
        # Said short, as in chat or clipped speech ("What fixes it for you?", "Ideal outcome -
        # yours?")
        r"\bwhat (?:fixes|solves|sorts|resolves|fixed|would fix) (?:this|it|things)(?: for (?:you|u))?"
        r"\s*\?",
        r"\b(?:ideal|best|preferred|perfect|good|fair|happy|right) (?:outcome|result|resolution|"
        r"ending)\b(?=[^.!?]{0,30}\?)",
        # The cleft form of the same questions ("what is it you actually want out of this?")
        r"\bwhat(?: is|'s) it (?:that )?(?:you|u) (?:most |really |actually |ideally )?(?:want|"
        r"need|would like|'d like|are (?:hoping|looking) for|are after)\b(?! to (?:know|ask|say)\b)",
        r"\bwhat (?:would|do) you (?:most |really |ideally |actually )?(?:like|want|need|hope) "
        r"(?:to )?(?:come|get) out of (?:this|it|today|(?:this|the|today's|our) (?:call|chat|"
        r"conversation))\b",
        r"\bwhat (?:you|you'd|you had|did you have) (?:had )?in mind\b",
        r"\bwhat (?:are|were) you (?:after|looking for|hoping for)\b",
        r"\b(?:tell me|let me know) what (?:would|you'd|you would|you want|you need)\b",
        r"\bwhat (?:would|do) you (?:most |really |ideally )?(?:like|want|need) (?:us|me) to do\b",
        r"\bhow (?:would|do) you (?:like|want) (?:us|me) to (?:make|put|fix|resolve|handle|sort)\b",
        r"\bwhat (?:result|outcome|resolution) would\b",
        r"\bwhat (?:a )?(?:win|good result|fair result|success|good outcome) (?:looks|would look) "
        r"like\b",
        r"\bwhat (?:would|will) (?:need to|have to|has to) happen\b",
        r"\bwhat (?:needs|has) to happen (?:for|to make|so that)\b",
        r"\bwhat would (?:you consider|count as|feel like) (?:a )?(?:fair|good|right|resolved)\b",
        r"\bwhich (?:matters|is) more (?:important )?to you\b",
        r"\bwhat do you need (?:from|to see|to happen)\b",
        r"\bwhat do (?:you|u) (?:most |really )?(?:want|need) (?:most|the most|first|right now|more)\b",
        r"\bwhat (?:would|do|did) (?:you|u) (?:\w+ )?(?:like|want|need|hope|expect) to see (?:happen|done|"
        r"from|now|today|here)\b",
        # Without the "do", as non-native or clipped English asks it ("and what you want to
        # happen with the claim now?", "what u need most?")
        r"\bwhat (?:you|u) (?:are |r )?(?:most |really )?(?:want(?:ing)?|need(?:ing)?|would like|"
        r"'d like) (?:to happen|to see|most|(?:from|out of) (?:us|me|this|today|the call))\b"
        r"(?=[^.!?]{0,60}\?)",
        r"\bif (?:we|i|you) could (?:fix|change|sort|make|do|wave)\b[^.?!]{0,50}\bwhat "
        r"(?:would|should|will)\b",
        r"\bwhat (?:would|could|can|will) (?:turn (?:this|it|things) around|make (?:this|it|your "
        r"\w+|things) (?:better|right|easier|up to you))\b",
        r"\bwhat can (?:we|i) do to (?:make|put|turn|fix|help)\b",
        r"\b(?:the|a) (?:result|outcome|resolution) (?:that )?(?:you|u) (?:want|need|would like|"
        r"are hoping for|hope for|expect|are looking for)\b",
        # What would let the customer feel all right ("what would you need to hear to feel okay?")
        r"\bwhat (?:would|do|will) you need (?:to hear|to see|from (?:me|us))\b",
        r"\bwhat (?:would|could|will|might)\b[^.?!]{0,20}\b(?:put|set) (?:your|their|his|her) "
        r"mind(?:s)? at (?:rest|ease)\b",
        r"\bwhat (?:do|would) you (?:most |really |ideally )?(?:need|want|like) (?:to get )?(?:out of|"
        r"from) (?:today|this|this call|the call|us|me)\b",
        r"\bwhat (?:would|could|will) (?:help )?(?:you )?(?:need to )?(?:hear|see|happen)\b[^.?!]{0,30}"
        r"\b(?:feel|be) (?:okay|ok|alright|all right|better|reassured|comfortable|at ease|settled|"
        r"confident|happy)\b",
    ),
    *_rules(
        Move.OFFER_CHOICES,
        r"\b(?:you can|we can|i can|you could|we could|i could|you may|it's your call|your call)"
        r"\b[^.?!]{3,120}\b,? or (?:i|we|you|if|else|alternatively|there's|a|an|the|,)\b",
        r"\beither\b[^.?!]{3,120}\bor\b",
        r"\b(?:you|we|i) (?:can|could|may|might)\b[^.?!]{3,80}\bor (?!not\b|so\b)\w+",
        r"\b(?:do you want|would you want|would it suit you(?: better)?|would you like|would you "
        r"prefer|would you rather|do you prefer|is it better)\b[^.?!]{2,80}\bor\b",
        r"\b(?:one|the first) (?:route|option|way|choice|path)\b[^.?!]{0,80}\bthe other\b",
        r"\b(?:two|three|a couple of|a few|some|several) (?:options|choices|ways (?:we|i) can|"
        r"routes|possibilities|paths|ways forward)\b",
        r"\bwould you (?:prefer|rather|like)\b[^.?!]{2,100}\bor\b",
        r"\bwhich (?:would you prefer|do you prefer|works (?:better|best)|suits you|would suit|"
        r"option|one would you)\b",
        r"\b(?:option|choice) (?:one|a|1|two|b|2)\b",
        r"\b(?:first option|second option|other option|another option|alternatively)\b",
        r"\bup to you\b[^.?!]{0,40}\bor\b",
        r"\bor (?:if you(?:'d)? prefer|if you(?:'d)? rather|if that doesn't work|alternatively)\b",
        r"\bwhat works better for you[^.?!]*\bor\b",
    ),
    *_rules(
        Move.ACTION_PLAN,
        rf"\b{I_WILL} (?:now |just |personally |also |then |first |right now |immediately )?"
        rf"(?:go ahead and |be )?{ACTION_VERB}\b",
        rf"\b(?:i|we) can (?:also |now |just |certainly |definitely )?{ACTION_VERB}\b",
        # Another owner's step, said with "they" or "a team that can" ("they'll map it and run
        # it", "we have a data team that can do the import for you")
        rf"\b(?:they|he|she)(?:'ll| will|'re going to| are going to) (?:also |then |now |just )?"
        rf"{ACTION_VERB}\b",
        rf"\b(?:team|department|crew|technician|tech|specialist|engineer|person)s? (?:that|who) "
        rf"(?:can|will|'ll) (?:also )?{ACTION_VERB}\b",
        # Steps counted out, as clipped speakers give a plan ("Three things. One: repeat fault,
        # network maintenance crew. Two: 5G hotspot, overnight.")
        r"(?:^|(?<=[.!?] ))(?:one|two|three|four|1|2|3|4)[:)] +(?!(?:what|when|where|who|why|how|"
        r"which|is|are|do|does|did|can|could)\b)[a-z0-9$][^.?!]{0,60}",
        # Money taken off what they owe ("I can also take tonight off the bill, the $312")
        r"\b(?:i|we)(?:'ll| will| can| could|'m going to| am going to| have| 've)? (?:also |just "
        r"|now )?(?:take|took|taken|knock|knocked|strike|struck|shave|shaved) [^.?!]{1,30}? off "
        r"(?:the|your|ur|this|that|tonight's|the final) (?:bill|invoice|account|total|balance|"
        r"charge|price|fee|folio|statement)\b",
        # A commitment in the present simple, as many non-native speakers put it ("First, I open
        # a damage claim", "I add 25 dollars store credit today").
        rf"\b(?:first|second|third|then|next),? (?:now |then |also )?(?:i|we) (?:also |now )?"
        rf"{ACTION_VERB}\b",
        # ("can I get your name today" asks; it does not commit)
        rf"(?<!can )(?<!could )(?<!may )(?<!would )(?<!should )(?<!shall )(?<!did )(?<!do )"
        rf"(?<!sure )(?<!so that )"
        rf"\b(?:i|we) {ACTION_VERB}\b[^.?!]{{0,50}}\b(?:now|today|right now|right away|for you)\b",
        r"\b(?:i|we) can (?:also |now |just )?(?:put|move|get|give|switch|upgrade|transfer) "
        r"(?:you|u) (?:in|into|on|onto|a|an|the|to|over|through)\b",
        rf"\bi(?:'m| am) (?:now |just |already )?(?:{ACTION_VERB})ing\b",
        r"\bi(?:'m| am) (?:now |just |already )?(?:sending|booking|scheduling|processing|refunding|"
        r"issuing|crediting|reversing|cancelling|canceling|opening|filing|submitting|arranging|"
        r"dispatching|reshipping|replacing|flagging|logging|noting|updating|setting up|requesting|"
        r"ordering|resetting|waiving|applying|changing|fixing|adding|correcting|adjusting|raising|"
        r"putting in|putting through|emailing|forwarding|"
        r"prioriti[sz]ing|expediting|assigning|moving|reopening|starting|tracing|tracking|"
        r"drafting|preparing|getting|writing(?! (?:it|this|that|everything|all of (?:it|this|that))(?: all)?(?: down)?\b(?! (?:to|for|up)\b))|marking|releasing|rerunning|resending|"
        r"unlocking|locking|redoing|regenerating|running|"
        r"taking (?:it|that|this|them|the \w+) off|restoring|repairing|reconnecting|activating|"
        r"reactivating|renewing|extending|rebuilding|rebooking|reissuing|walking (?:over|down|to)|"
        r"meeting|chasing|sorting)\b",
        r"(?:^|[.!?] )(?:right,? |okay,? |ok,? |so,? )?(?:sending|booking|checking|updating|"
        r"processing|refunding|cancelling|unlocking|resetting|rebooking|reissuing|arranging|"
        r"chasing|fixing|correcting|adding|removing|logging|raising|moving|pulling up|looking into|"
        r"taking)\b[^.?!]{0,60}\b(?:now|right now|as we speak|straight away|immediately|"
        r"up to|over to|out to)\b",
        r"\bi(?:'ll| will) make a note\b",
        r"\b(?:that's|that is|it's|it is|you're|you are|all|everything's|everything is|that's all|"
        r"it's all|you're all)(?: now| all| been)? (?:booked|changed|updated|cancell?ed|sent|"
        r"processed|refunded|reset|sorted|fixed|confirmed|rebooked|arranged|set up|credited|"
        r"applied|unlocked|reactivated|renewed|switched|submitted|approved|added|moved|"
        r"rescheduled|redirected|done)\b(?! (?:by|before|once|when|until|after))",
        r"\b(?:your|the) (?:refund|booking|order|change|request|claim|payment|cancellation|"
        r"password|account|appointment|reservation|ticket|seat|address|details|plan|credit|"
        r"replacement)s? (?:has|have|is|are) (?:now |just |already )?(?:been )?(?:processed|booked|"
        r"changed|updated|cancell?ed|sent|refunded|reset|confirmed|rebooked|arranged|set up|"
        r"credited|applied|unlocked|reactivated|renewed|submitted|approved|added|moved|"
        r"rescheduled|issued|dispatched)\b",
        r"(?:^|[.!?] )(?:ok,? |okay,? |right,? |great,? |so,? )?(?:sent|done|booked|sorted|"
        r"cancell?ed|changed|updated|reset|all done|all sorted)(?: now| for you| that)?[.,!]",
        r"\byour (?:reference|confirmation|booking|ticket|case|order) (?:number |code )?is\b",
        r"\b(?:the|our|your) (?:\w+ )?(?:team|crew|engineer|technician|tech|courier|driver|"
        r"installer|roofer|plumber|electrician|fitter|contractor|specialist|adjuster|nurse|doctor|"
        r"vet|replacement|refund|credit|parcel|package|part|order)(?:, \w+,)? (?:is|are|has been|"
        r"have been) (?:now )?(?:booked|scheduled|arranged|confirmed|dispatched|on (?:the|their|"
        r"his|her|its) way)\b",
        r"\b(?:it|this|that|the \w+)(?:'ll| will)? (?:go|goes|is going) (?:in|into|out in|out "
        r"with) the (?:post|mail)\b",
        r"\bi(?:'ve| have) (?:just |now |already )?(?:sent|booked|scheduled|processed|refunded|"
        r"issued|credited|reversed|cancell?ed|opened|filed|submitted|arranged|dispatched|"
        r"reshipped|replaced|flagged|logged|noted|updated|set up|requested|ordered|reset|waived|"
        r"applied|changed|fixed|added|corrected|adjusted|raised|put in|put through|pulled up|"
        r"emailed|forwarded|prioriti[sz]ed|expedited|assigned|moved|reopened|started|traced|"
        r"drafted|prepared|blocked|marked|released|resent|reissued|attached|uploaded|unlocked|"
        r"locked|restored|repaired|reconnected|reactivated|renewed|extended|rebooked|chased|"
        r"put (?:you|it|them) back)\b",
        r"\b(?:the|our|your|a|my) (?:\w+ )?(?:technician|tech|engineer|team|crew|adjuster|"
        r"attorney|courier|"
        r"driver|installer|specialist|pharmacist|vet|dentist|clinic|office|billing team|warehouse|"
        r"refund|credit|replacement|new \w+|reversal|claim|ticket|case|order|booking|room)"
        r" (?:will|'ll|is going to|are going to|should|is scheduled to|is booked to|can)"
        r" (?:be |now )?(?:come|arrive|call|visit|review|process|send|ship|contact|reach|be "
        r"with|be there|post|show|appear|land|go out|reach|take|look|fix|handle|start|install|"
        r"replace|deliver|refund|pick|run|do|complete|finish|check|update|repair|collect)\w*",
        r"\bhere(?:'s| is) (?:what|the plan|how)\b",
        r"\b(?:the )?next steps? (?:is|are|will be|would be)\b",
        r"\b(?:first|step one),? (?:i(?:'ll| will)|we(?:'ll| will)|let me)\b",
        r"\bi(?:'m| am) (?:going to|gonna) (?:get(?! (?:this|it|that|things|everything) "
        r"(?:sorted|fixed|done|resolved)\b)|have(?! to\b)|put(?! you on hold\b)|sort|take)\b",
        r"\bi(?:'ll| will) (?:get(?! (?:this|it|that|things|everything) (?:sorted|fixed|done|"
        r"resolved)\b)|have(?! to\b)|sort|take care of)\b",
        r"\b(?:i|we)(?:'ll| will) (?:get (?:that|this|it|you) (?:moving|started|booked|sent))\b",
        r"\bif (?:that|this|it) (?:doesn't|does not|fails|falls through|isn't|is not)\b[^.?!]{0,60}"
        r"\b(?:i|we)(?:'ll| will)\b",
        negatable=True,
    ),
    *_rules(Move.SET_TIMELINE, *(rf"\b{m}\b" for m in TIME_MARKERS), future=True, negatable=True),
    *_rules(
        Move.REASSURE,
        r"\byou(?:'re| are) in the right place\b",
        r"\b(?:we|i)(?:'ll| will| are going to|'re going to|'m going to| am going to| can) "
        r"(?:definitely |absolutely |certainly )?(?:get|sort|figure|work|fix|make|put|see) "
        r"(?:this|it|that|things|you)(?: all)? (?:out|sorted|right|fixed|through(?! to)|resolved|"
        r"taken care of|squared away|back on track)\b",
        r"\b(?:we|i)(?:'ll| will) (?:take care of|look after|handle) (?:this|it|that|you)\b",
        r"\b(?:i|we)(?:'ve| have) got (?:this|you|it)\b",
        r"\byou(?:'re| are) in (?:good|safe|capable) hands\b",
        r"\b(?:rest assured|you can rest easy|don't worry,? (?:i|we)(?:'ll| will| can| have|'ve))\b",
        r"\b(?:i|we)(?:'m| am| are|'re) (?:not going anywhere|staying with you|here to help|"
        r"on (?:it|this|your side)|going to see this through)\b",
        r"\b(?:i|we)(?:'ll| will) (?:stay|stick) with (?:you|this|it)\b",
        r"\bthis is (?:fixable|sortable|solvable|something (?:we|i) can (?:fix|sort|solve|handle))\b",
        r"\bwe can (?:definitely |absolutely |certainly )?(?:fix|sort|solve|handle) this\b",
        r"\b(?:you won't|you will not) (?:have to|need to) (?:repeat|explain|start|chase|call)\b",
        r"\b(?:that's|this is|it's) (?:exactly )?what (?:i'm|i am|we're|we are) here for\b",
        r"\b(?:it|this|that|everything)(?:'ll| will) (?:be|get) (?:okay|fine|sorted|alright)\b",
        r"\b(?:i|we) (?:can|will) (?:help|fix|sort) (?:you )?with (?:this|that)\b",
        r"\bthe good news is\b",
        r"\b(?:i|we)(?:'ll| will) make (?:this|it|things) right\b",
        r"\byou(?:'re| are)(?:n't| not) (?:on your own|alone)\b",
        r"\bi(?:'m| am) (?:going to|gonna) (?:own|take ownership of) (?:this|it)\b",
        r"\bi(?:'ll| will) own this\b",
        negatable=True,
    ),
    *_rules(
        Move.THANK,
        r"\bthank(?:s| you)\b(?! to\b)(?!,? (?:but )?no\b)",
        r"\b(?:i|we) (?:really |truly )?appreciate (?:you|your|that|it|the)\b",
        r"\bcheers\b",
        r"\bmuch appreciated\b",
        r"\bta\b",
        negatable=True,
    ),
    *_rules(
        Move.SET_BOUNDARY,
        # Keeping it about the problem, not the person ("I can do that best if we keep it to
        # the problem rather than me")
        r"\bkeep (?:it|this|things|the conversation) (?:to|on|about|focused on) (?:the )?(?:problem|"
        r"issue|facts|booking|account|case)\b[^.?!]{0,30}\b(?:rather than|not|instead of) (?:me|"
        r"personal|each other)\b",
        rf"\b(?:i|we)(?: can't| cannot| won't| will not| am not able to|'m not able to| am unable "
        rf"to|'m unable to| don't| do not)(?: be able to)? (?:continue|keep going|carry on|help "
        rf"you|go on|accept|tolerate|take|work|listen|stay on)\b[^.?!]{{0,60}}\b{ABUSE}",
        rf"\b(?:please|i need you to|i'm asking you to|i am asking you to|could you|can you)"
        rf"(?: please)? (?:stop|not|don't|avoid|lower|tone down|keep)\b[^.?!]{{0,40}}\b{ABUSE}",
        rf"\b{ABUSE}\b[^.?!]{{0,30}}\b(?:isn't|is not|aren't|are not|won't be|will not be)"
        rf" (?:okay|ok|acceptable|appropriate|something i can|allowed|tolerated)",
        rf"\bif (?:the|that|this|you|these)\b[^.?!]{{0,40}}\b{ABUSE}\b[^.?!]{{0,60}}\b(?:end|"
        rf"disconnect|hang up|close|finish|stop|terminate)\b",
        r"\bi(?:'ll| will| am going to|'m going to) (?:have to |need to )?(?:end|disconnect|"
        r"terminate|close) (?:this|the|our) (?:call|chat|conversation)\b",
        r"\b(?:i|we)(?:'m| am) (?:happy|glad|here|willing|keen|trying) to help\b[^.?!]{0,15}"
        r"(?:,|\.|;)? ?(?:but|and) (?:i|we)(?: need| can't| cannot| won't| will need| have to| ask)\b",
        r"\bnot (?:okay|ok|acceptable|appropriate) (?:to|for you to) (?:speak|talk|call|swear|"
        r"shout|yell)\b",
        r"\b(?:keep|let's keep) (?:this|it|things) (?:respectful|civil|calm|professional)\b",
        r"\b(?:i|we) (?:need|ask) (?:you|that you|us) to (?:speak|talk|keep|stay) "
        r"(?:respectfully|civil|calmly|respectful)\b",
        r"\bi won't be spoken to\b",
        rf"\b(?:while|when|if|as long as) (?:i'm|i am|i'm being|you're|you are|you keep|you "
        rf"continue|this|the)\b[^.?!]{{0,30}}\b(?:{ABUSE}|called names|sworn at|shouted at)",
        r"\bi(?:'m| am) not (?:going to|willing to) (?:be|accept|take|continue)\b[^.?!]{0,30}"
        rf"\b(?:{ABUSE}|spoken to|talked to)",
        r"\bif we can keep (?:it|this|things) (?:civil|respectful|calm)\b",
        r"\bwithout the (?:swearing|shouting|insults|name[- ]calling|language)\b",
    ),
    *_rules(
        Move.ESCALATE_HANDOFF,
        r"\b(?:transfer(?:ring)?|connect(?:ing)?|put(?:ting)?|pass(?:ing)?) (?:you|this|your "
        r"call)(?: (?:straight|right))?(?: (?:through|over|across|on))? (?:to|with)\b(?! hold)",
        rf"\b(?:hand|pass|escalate|refer|route|bump|send)(?:ing)? (?:you|this|it|your case|your "
        rf"file|the case)?(?: (?:over|off|on|up|across))? ?(?:to|with) (?:my|our|a|the|an)\b"
        rf"[^.?!]{{0,40}}{ESCALATION_OWNER}",
        rf"\b(?:bring|loop|get|call|pull)(?:ing)? (?:in |on )?(?:my|our|a|the|an)(?: \w+)? "
        rf"{ESCALATION_OWNER}\b",
        rf"\b(?:my|our|a|the|an)(?: \w+)? {ESCALATION_OWNER} (?:will|'ll|can|is going to|could|"
        rf"would)(?: \w+)? (?:call|contact|review|take over|look|handle|pick|reach|get back|be in "
        rf"touch|authori[sz]e|approve|join|speak|talk|come on)\b",
        r"\bescalat(?:e|ing|ed)\b(?! (?:this|it) (?:further|more)? ?(?:is|would))",
        rf"\bflag(?:ging|ged)? (?:it |this |that )?(?:up )?(?:to|with) (?:my |our |a |the |an )?[^.?!]{{0,30}}"
        rf"{ESCALATION_OWNER}\b",
        rf"\b(?:speak|talk) (?:with|to) (?:my|our|a|the)(?: \w+)? {ESCALATION_OWNER}\b",
        # Put before the one who decides ("I'll put it in front of our billing team").
        rf"\bin front of (?:my|our|a|the|an)(?: \w+)? {ESCALATION_OWNER}\b",
        r"\b(?:i'll|i will|let me|i can|i'm going to) (?:get|grab|fetch|find) (?:my|a|the|our) "
        r"(?:manager|supervisor|team lead|lead|boss)\b",
        r"\bhandoff|hand-off\b",
        # Who decides what the agent cannot ("... isn't something I can grant myself; that's
        # our customer relations department").
        rf"\b(?:can't|cannot|can not|isn't something (?:i|we) can|not something (?:i|we) can|not "
        rf"able to)\b[^.?!]{{0,60}}\b(?:that's|that is|it's|that sits with|that goes to) (?:for |with )?"
        rf"(?:our|the) (?:\w+ )?{ESCALATION_OWNER}\b",
        # Who decides the rest ("cash compensation sits with customer relations").
        rf"\b(?:sits|rests|lies|is decided|gets decided|is approved)(?: only)? (?:with|by) (?:my |our "
        rf"|a |the |an )?(?:\w+ )?{ESCALATION_OWNER}\b",
        # Asking a colleague by name to act ("I'm asking Priya to confirm ...", "I've asked the
        # claims team to review it"), a note put on someone's list, a colleague who will call.
        r"\b(?:i'm|i am|i'll|i will|i've|i have|i'm going to) (?:asking|ask|asked|getting|get|got|"
        r"having|briefing|brief|briefed) (?!you\b|u\b|yourself\b|it\b|this\b|that\b)[a-z]+(?: [a-z]+)? "
        r"to (?:call|confirm|check|review|look|contact|ring|phone|approve|sort|handle|pick|take|"
        r"sign|authori[sz]e|go over|get back|bring|chase|raise)\b",
        # In the present simple, with who they are between ("I ask Priya, she covers for
        # Owen, to call you in two hours").
        r"\bi ask (?!you\b|u\b)[a-z]+(?: [a-z]+)?,? [^.?!]{0,40}?\bto (?:call|confirm|check|review|"
        r"contact|ring|phone|approve|handle|get back)\b",
        r"\b(?:putting|put|leaving|left|adding|added) (?:an? )?(?:urgent |priority )?(?:note|"
        r"message|request) (?:on|in|for) (?:her|his|their|the [a-z]+'s|[a-z]+'s) (?:list|desk|diary|"
        r"queue|calendar)\b",
        r"\b(?:she|he)(?:'ll| will| is going to|'s going to) (?:call|ring|phone|contact|email|"
        r"get back to|be in touch with) you\b",
        negatable=True,
    ),
    *_rules(
        Move.FOLLOW_UP,
        r"\b(?:i|we)(?:'ll| will)\b(?:[ap]\.m\.|[^.?!]){0,60}\band (?:then )?(?:call|phone|ring|email|e-mail|"
        r"text|message|let|get back to|update) (?:you|u)\b",
        r"\b(?:i|we)(?:'ll| will|'m going to| am going to) (?:send|drop|shoot) (?:you |u )?(?:an? )?"
        r"(?:quick )?(?:email|e-mail|text|message|note|update)\b",
        r"\b(?:i|we)(?:'ll| will|'m going to| am going to| are going to|'re going to| can)"
        r"(?: personally| also| then)? (?:call|phone|ring|email|e-mail|text|message|contact|"
        r"reach out to|get back to|write to|update|check in with|circle back with|follow up with)"
        r" you\b",
        r"\b(?:i|we)(?:'ll| will|'m going to| am going to| are going to) (?:follow up|check in|"
        r"check back|circle back|touch base|be in touch|keep you (?:posted|updated|informed|in the "
        r"loop)|let you know|send you (?:an update|a (?:text|message|note|confirmation|email)|"
        r"confirmation|the details))\b",
        r"\byou(?:'ll| will) (?:hear (?:back )?from (?:me|us)|get (?:a call|an email|a text|a "
        r"message|an update|a confirmation|confirmation) from (?:me|us))\b",
        r"\b(?:i|we)(?:'ll| will) (?:give you a (?:quick |short |brief |final |follow-up )?(?:call|"
        r"ring|bell|buzz)|drop you (?:a|an) (?:quick |short )?(?:line|email|text|note))\b",
        r"\b(?:i(?:'ve| have)|i'll) (?:set|put in|booked|scheduled) (?:a|myself a) "
        r"(?:reminder|callback|follow-up|follow up)\b",
        r"\bfollow[- ]up (?:call|email|text)\b",
        r"\b(?:i|we) (?:send|email|write|call|text|phone|ring) (?:you|u)\b(?! (?:every|each|all))",
        # A callback given, not one talked about ("the missed callback last week").
        r"\b(?:book|schedul|arrang|set|put|request|log|organis|organiz)\w* (?:you |in |up )?(?:a|your|the) "
        r"(?:\w+ )?call-?back\b",
        r"\bcall-?back (?:for|at|by|tomorrow|today|tonight|this|within|on|in the|before|from me)\b",
        # The one the case went to gets back to them ("card ops will call you by noon").
        r"\b(?:they|(?:the|our|my) (?:\w+ )?(?:team|department|desk|office|manager|supervisor|"
        r"specialist|engineer|technician)|card ops|billing)(?:(?:'ll| will| are going to|'re going "
        r"to) (?:call|phone|ring|email|e-mail|text|contact|get back to|be in touch with)| (?:calls|"
        r"rings|phones|emails|texts|contacts)) (?:you|u)\b",
        # Clipped: "supervisor calls you by noon tomorrow"
        r"(?:^|(?<=[.!?;:] )|(?<=; ))(?:supervisor|manager|team lead|specialist|engineer|technician)"
        r" (?:calls|rings|phones|emails|texts) (?:you|u)\b",
        negatable=True,
    ),
    *_rules(
        Move.CONFIRM_RESOLUTION,
        r"\b(?:is|was) there anything else\b",
        r"\banything (?:else|more) (?:i|we) can (?:help|do|sort|look)\b",
        r"\banything else\b(?! (?:(?:we|i) (?:should|need to|ought to) (?:know|note|be aware)|"
        r"(?:about|on) (?:the|your) (?:\w+ )?(?:booking|order|group|party|car|visit)))[^.?!]{0,40}\?",
        r"\b(?:have|did) (?:i|we) (?:missed|miss|forgotten|forget|left out|leave out) "
        r"(?:anything|something)\b",
        r"\b(?:anything|something) (?:i've|i have|we've|we have) (?:missed|forgotten|left out)\b",
        r"\b(?:anything|something)(?: about [^.?!]{0,30})? (?:i|we) (?:haven't|have not|didn't|"
        r"did not) (?:covered|answered|sorted|addressed|mentioned|dealt with)\b",
        r"\b(?:help|assist) (?:you )?with anything else\b",
        # The same check in other words ("is there something more I can help you for?",
        # "anything still worrying you?", "any other questions?")
        r"\b(?:something|anything) (?:more|further|other) (?:i|we) (?:can|could) (?:help|do)\b",
        r"\b(?:something|anything)\b[^.?!]{0,25}\b(?:still )?(?:make|makes|making|worr(?:y|ies|"
        r"ying)|bother(?:s|ing)?|concern(?:s|ing)?)(?: (?:you|u))?(?: worried)?\b(?=[^.?!]*\?)",
        r"\bany (?:other|more|further) (?:questions|concerns|worries)\b",
        r"\banything\b[^.?!]{0,30}\b(?:you're|you are) (?:still )?(?:not sure|unsure|unclear|"
        r"worried|uneasy) (?:about|on)\b(?=[^.?!]*\?)",
        r"\bwhat else (?:can|could|should) (?:i|we) (?:do|help|look at|sort)\b",
        r"\b(?:does|did|has|have|will|would) (?:that|this|everything|it|all that)(?: fully| "
        r"completely| properly)? (?:fix|solve|resolve|sort|settle|take care of|cover|answer|"
        r"handle|work for|address|put (?:it|this|things|that|everything) right|put your mind|clear)"
        r"\w*\b",
        r"\b(?:are|is) (?:you|everything|it|that|your \w+|the \w+)(?: all)? (?:set(?! up)|sorted|good|"
        r"okay|ok|"
        r"working|resolved|fixed|back up|running|squared away|happy with)\b[^.?!]*\?",
        r"\bhave (?:i|we)(?: fully| completely)? (?:resolved|answered|covered|sorted|fixed|"
        r"solved|addressed|dealt with|taken care of)\b",
        r"\b(?:is|has) (?:your|the|this) (?:issue|problem|question|concern|matter|\w+)"
        r"(?: been)?(?: fully| completely)? (?:resolved|solved|sorted|fixed|answered|addressed)\b",
        r"\bcan (?:we|i) (?:call|consider|mark) (?:this|it|that)(?: one)?(?: as)? (?:resolved|closed|"
        r"done|sorted|fixed)\b",
        # ("anything left open by the electrician" asks about the kitchen, not the call)
        r"\b(?:anything|something) (?:left|else) (?:outstanding|open|unresolved|to sort|that "
        r"needs|bothering|i've missed|we've missed|i missed)\b(?! (?:by|in|on|at|from|under|behind) the\b)",
        r"\bbefore (?:i|we) (?:go|hang up|let you go|close|wrap up|end)\b[^.?!]*\?",
        r"\bdid (?:that|this|it) (?:do the trick|work|help|come through)\b",
        r"\b(?:all|everything) (?:good|sorted|working) (?:now|on your end|your side)\?",
        r"\bdo you (?:have|need) anything else\b",
        r"\banything (?:about (?:this|that|it) |else )?(?:that )?(?:still )?(?:doesn't|does not|"
        r"isn't|is not) (?:sit|feel|seem|look) right\b",
        r"\bleft you with (?:anything|any) (?:open|unresolved|outstanding)\b",
        r"\b(?:is|are) (?:that|we|you|everything)(?: all)?(?: us)? (?:done|sorted|set(?! up)|squared "
        r"away|good|covered|the lot|everything|finished|sorted out)\b[^.?!]*\?",
        r"\bis everything(?: else)? (?:okay|ok|alright|all right|fine|good|in order)\b[^.?!]*\?",
        r"\b(?:anything|something|nothing) (?:else |still |left )(?:outstanding|open|unresolved|"
        r"niggling|bugging|bothering|on your (?:list|mind)|to (?:sort|fix|do)|left)\b"
        r"(?! (?:by|in|on|at|from|under|behind) the\b)[^.?!]*\?",
        r"\b(?:have|has) (?:we|i|that|this) (?:got (?:everything|it all|you) covered|nailed it|"
        r"covered (?:everything|it all)|sorted (?:everything|it all))\b",
        r"\b(?:happy|content|comfortable|okay|ok) (?:that|that's|with how|with where)\b[^.?!]{0,30}"
        r"\b(?:everything|all|it's all|we've|sorted|resolved|done|covered|left it|landed)\b[^.?!]*\?",
        r"\b(?:is|are) (?:the|your) \w+ (?:how|what) you (?:wanted|needed|expected|asked for)\b",
        r"\bsomething else (?:on your mind|bugging you|bothering you|niggling)\b",
        r"\b(?:something|anything) (?:more|else|further) (?:that )?(?:i|we) (?:can|could) do\b",
        r"\bis (?:this|that) (?:okay|ok|alright|all right|good|fine) (?:for|with) (?:you|u)\b[^.?!]*\?",
    ),
    *_rules(
        Move.DISMISSIVE,
        # Exasperation put as a question ("What do you want me to do then?", "what do you
        # expect me to do about it?"): no outcome question.
        r"\bwhat (?:do|did|would) (?:you|u) (?:want|expect) (?:me|us) to do,? (?:then|about (?:it|"
        r"that|this))\b",
        # Rushing the customer off the line ("anything else? There's a queue.").
        r"\b(?:there's|there is) a (?:queue|backlog)(?: of (?:calls|people))?(?: waiting| behind you)?"
        r"\b|\b(?:there's|there is) a line (?:waiting|behind you)\b|\bi(?:'ve| have)? (?:got )?(?:other|more) (?:customers|callers|people|calls) "
        r"(?:waiting|to (?:help|get to|deal with))\b|\bi (?:don't|do not) have all day\b",
        # A failure shrugged off as normal ("Delays happen.", "These things happen.").
        # ("that happens a lot" to a customer's own slip reassures them: not this)
        r"(?:^|(?<=[.!?,] ))(?:well,? |look,? )?(?:delays|these things|things like (?:this|that)|mistakes|"
        r"stuff|glitches|outages|cancellations|errors) (?:happens?|do happen)\b(?! (?:to|again|every|"
        r"when|if|because|on|at|in)\b)",
        r"\b(?:calm|simmer|cool) (?:down|it)\b|\bsettle down\b",
        r"\bcalm yourself\b",
        r"\b(?:just )?relax\b",
        r"\bchill(?: out)?\b",
        r"\b(?:it's|that's|this is|it is|that is|this isn't|it's not|that's not) (?:not )?"
        r"(?:a|that|such a|really a) (?:big|huge|major) (?:deal|problem|issue)\b",
        r"\bno big deal\b",
        r"\bno need to (?:get|be|make|shout|yell|panic|overreact|stress|worry)\b",
        r"\b(?:don't|do not) (?:get|be) (?:so )?(?:upset|angry|worked up|emotional|dramatic|"
        r"excited|mad|wound up|het up)\b",
        r"\byou(?:'re| are) (?:over-?reacting|being (?:dramatic|emotional|unreasonable|silly|"
        r"hysterical)|making a (?:big )?(?:fuss|mountain))\b",
        r"\b(?:it|this|that)(?:'s| is) (?:only|just) (?:a|an|one|\d+|the)\b[^.?!]{0,30}"
        r"(?:small|minor|little|couple|few|day|hours?|dollars?|pounds?|quid|bucks)\b",
        r"\bit could be worse\b",
        r"\b(?:these things|it|this|that) happens?(?: all the time| to everyone| sometimes)\b",
        r"\btake a (?:deep )?breath\b",
        r"\bthere's no (?:reason|point|need) (?:to be|getting|being) (?:upset|angry|worked up)\b",
        r"\bit's not the end of the world\b",
        r"\blet's not (?:get|make) (?:carried away|a big deal|dramatic)\b",
        r"\bat least (?:it|you|they|nothing)\b",
        r"\bdon't (?:worry|stress) about it\b",
        r"\bworse things happen\b",
        r"\bno harm done\b",
        r"\bhardly (?:worth|the end of the world|a (?:big )?deal|a crisis|a disaster|an emergency|"
        r"a tragedy)\b",
        r"\b(?:getting|get|got) (?:yourself )?(?:in|into) (?:a|such a) (?:state|tizzy|flap|strop|"
        r"lather)\b",
        r"\b(?:happens?|throw up|breaks?|goes wrong) all the time\b",
        r"\btake (?:it|this|things) down a (?:notch|peg|level|gear)\b",
        # A request for a manager turned away ("There's no need for a manager", "The duty manager
        # will tell you the same thing, so there's no point").
        r"\bno (?:need|point|reason) (?:for|in|to) (?:a |the |my |getting |asking |talking to |"
        r"speaking to |involving )*(?:\w+ )?(?:manager|supervisor|boss|team lead(?:er)?|escalation)\b",
        r"\b(?:manager|supervisor|boss|team lead(?:er)?)s? (?:is|are|will|would|'s|'ll)(?: only| just| "
        r"going to)? (?:tell|say|give) (?:you )?(?:the )?(?:exact )?same\b",
        # What the customer was told waved away ("sales reps say a lot of things").
        r"\b(?:sales ?(?:reps?|people|team)?|reps?|people|they|staff) (?:say|promise|tell "
        r"(?:people|customers)) (?:a lot of|all sorts of|lots of) things\b",
        # "Anyway." opening the reply waves off what the customer said; after the agent's own
        # small talk it only comes back to the call.
        r"^(?:\w+[,.] )?anyway[.!]|\banyway,? (?:moving on|let's move on|as i was saying)\b",
        # A complaint waved through ("You can file a complaint if you want, that's your right").
        r"\byou can (?:file|make|put in|raise|lodge|send) (?:a|your) (?:formal )?complaint if you "
        r"(?:want|like|wish)\b",
        # Talking down: "..., obviously." at the end of a sentence; "That good enough?"
        r"\w,? obviously[.!]",
        r"(?:^|[.!?] )(?:is )?that (?:good|fast|quick) enough(?: for you)?\?",
        # Others as the measure of the customer's trouble ("Most people get set up fine").
        r"\b(?:most|other|plenty of|lots of) (?:people|customers|clients|members|guests|users) "
        r"(?:get|manage|find|have no|don't have|cope|are fine|do fine|get on fine|figure)\b",
        r"\bnot (?:as|that) (?:bad|dramatic|serious|big a deal) as you(?:'re| are)? "
        r"(?:making|think|say)",
        r"\bdeep breaths?\b(?! (?:of|in))",
        r"\b(?:a|an|the) ([a-z]+)(?:'s| is) (?:a|an|the|just a|just an) \1\b",
        r"\b(?:fretting|worrying|stressing|panicking|fussing|getting upset|getting worked up) "
        r"(?:over|about) nothing\b",
        r"\bpeople (?:wait|deal with this|have it) (?:much )?(?:longer|worse)\b",
        negatable=True,
    ),
    *_rules(
        Move.HELPLESS,
        r"\b(?:aren't|isn't|is not|are not|not) (?:really )?something (?:i|we) can (?:do|help with|"
        r"sort|change|offer)\b",
        r"\b(?:that's|that is|this is) (?:all|about all|the most|as much as) (?:i|we) can do\b",
        r"\b(?:there's|there is) (?:no one|nobody|no-one) (?:senior|more senior|else|above me|"
        r"available|here)\b",
        r"\bwithout (?:proof|a receipt|evidence|that|the \w+),? (?:i|we) (?:can't|cannot|won't|"
        r"can not)\b",
        r"\b(?:my|our) hands are tied\b",
        # A guess given as the answer ("um yes i think so", "it keeps your rate, I think."):
        # the customer leaves with something nobody checked.
        r"\b(?:yes|yeah|yep|no|nope|um|erm|hmm|uh)?,? ?i think so\b(?! too)",
        r"(?<=[a-z0-9]) i think[.!?]",
        r"(?:^|(?<=^ )|(?<=[.!?] ))(?:(?:hmm+|um+|erm+|uh+|so|well),? )?i think "
        r"(?!(?:the |that's the |it's the )?(?:best|right|easiest|quickest|simplest|safest)\b)"
        r"(?:the|it|they|that|this)"
        r"(?: [\w-]+){0,4} (?:has|have|is|are|was|were|does|do|takes?|costs?|contains?|comes?|"
        r"includes?)\b",
        r"(?:^|(?<=[.!?] ))(?:it )?(?:should be|probably|maybe|hopefully)\b[^.?!]{0,25},? "
        r"(?:yeah|yes|yep)\b",
        r"(?:^|(?<=[.!?] ))(?:i )?(?:guess|reckon) so\b",
        # "it depends" with nothing it depends on: no answer given.
        r"\b(?:it|that) (?:all )?depends(?=\s*[.!]|\s*$)",
        # An excuse for not knowing the case ("sorry i don't have all the notes in front of me").
        r"\bi (?:don't|do not|dont) have (?:all |any of )?(?:the|your|my|that|those|it|one|them)"
        r"(?: \w+){0,2} (?:in front of me|on (?:my|the) (?:screen|system)|to hand)\b",
        # Sending the customer elsewhere to sort it out themselves.
        r"\b(?:you(?:'ll| will)? (?:need|have) to|you should|you could|you'd (?:need|have) to|"
        r"(?:it's )?best to|just) (?:contact|call|ring|phone|speak to|ask|check with|get in touch "
        r"with|chase) (?:your|the) (?:bank|card issuer|card company|provider|insurer|courier|"
        r"manufacturer|retailer|landlord|council|network|airline|hotel)\b",
        r"\b(?:your|the) (?:bank|card issuer|card company|provider|insurer|courier|manufacturer)"
        r" (?:should|will|can|would|might) (?:be able to )?(?:see|help|tell|sort|check|explain)\b",
        r"\b(?:there's|there is|there isn't|there's not|i've got|we've got) (?:nothing|not much|"
        r"not a lot|little|anything) (?:more )?(?:i|we|anyone|you) can (?:do|offer|change)\b",
        r"\bnothing (?:i|we) can (?:do|offer|change)\b",
        r"\b(?:that's|it's|this is|that is|it is) (?:out of|beyond|outside) (?:my|our) "
        r"(?:hands|control|power|remit|reach)\b",
        r"\b(?:not|isn't|that's not|it's not) my (?:job|department|problem|responsibility|call|"
        r"area|team|decision)\b",
        r"\b(?:my|our) hands are tied\b",
        # An excuse for not knowing the case ("sorry i don't have all the notes in front of me").
        r"\bi (?:don't|do not|dont) have (?:all |any of )?(?:the|your|my|that|those|it|one|them)"
        r"(?: \w+){0,2} (?:in front of me|on (?:my|the) (?:screen|system)|to hand)\b",
        r"\bi (?:can't|cannot|can not) (?:do|help with|change|fix|touch|sort) (?:anything|that|"
        r"it|this|much|the [a-z]+|your [a-z]+)\b(?![^.?!]*\b(?:but|while|until|unless|if|when)\b)",
        r"\b(?:i|we)(?:'m| am| are|'re) (?:unable|not able|powerless) to (?:help|do anything|"
        r"assist|change)\b",
        r"\bit is what it is\b",
        r"\bnothing to be done\b",
        r"\bi don't know what (?:to tell you|else (?:to|i can) (?:do|say))\b",
        r"\b(?:no way|no chance) (?:i|we|to) (?:can )?(?:fix|change|do)\b",
        r"\b(?:that's|it's) (?:just )?(?:how it is|the way it is|life)\b",
        r"\bi (?:just )?(?:work|answer) (?:here|the phones)\b",
        r"\bwe don't (?:do|handle|deal with) (?:that|this)\b",
        r"\b(?:i|we) (?:have|has) no (?:control|say|power|way)\b",
        r"\bnot (?:something|much) (?:i|we) can (?:do|help)\b",
        r"\b(?:you'll|you will|you'd|you) (?:have|need) to (?:call|contact|ring|take (?:it|this|"
        r"that) up with|talk to|speak to|email|go to) (?:them|the|your|another|a different)\b",
        r"\b(?:above|beyond) my pay ?grade\b",
        r"\b(?:that's|it's|that is|it is) (?:way |well |far )?(?:above|beyond) (?:me|my level)\b",
        r"\bnothing (?:a manager|a supervisor|anyone|anybody|they|on (?:this|my|our) end) "
        r"(?:else )?can (?:do|offer|change|fix)\b",
        r"\bi (?:only|just) (?:answer|book|take|handle|log|work)(?: the)? (?:phones?|visits|calls|"
        r"bookings|messages|orders|appointments|here|reception)\b(?![^.?!]*\b(?:but|though)\b)",
        r"\b(?:i )?(?:literally |just |simply )?(?:don't|do not) have (?:the )?(?:button|access|"
        r"authority|power|permissions?|option|ability) (?:for|to)\b(?![^.?!]*\b(?:but|though)\b)",
        r"\b(?:i )?(?:can't|cannot) bend (?:it|them|the rules?)\b",
        r"\bwish i could,? but\b(?![^.?!]*\b(?:i can|we can|what i can|i'll|let me|i will)\b)",
        r"\bthere's no (?:way|option|alternative)\b",
        negatable=True,
    ),
    *_rules(
        Move.CITE_POLICY,
        # The rules read out as the answer: terms, process, "what the system says".
        r"\b(?:it's|it is|that's|that is|this is) (?:all )?(?:in|written in|part of|covered in) "
        r"(?:the|your|our) (?:\w+ )?(?:terms|contract|agreement|conditions|small print|t&cs?)\b",
        r"\b(?:have|has|need|needs) to be (?:done|made|sent|submitted|requested) in writing\b",
        r"\b(?:that's|that is|it's|it is) (?:just )?(?:the|our) (?:process|procedure|system|rules?|"
        r"protocol)\b(?! (?:for|to|is|that|we))",
        r"\bi can only (?:go by|go on|work with|do) what(?:'s| is)? (?:on|in) (?:the|my|our) "
        r"(?:system|screen|records?|notes)\b",
        r"\bas far as (?:we're|we are|the system is|i'm|i am) concerned\b",
        r"\b(?:that's|that is|it's|it is|it was) not (?:legally )?binding\b",
        r"\b(?:our|the|company|store|bank|clinic|hotel|airline|firm|practice|shop|gym|"
        r"insurance|this) (?:policy|policies|rules?|terms|guidelines|procedures?|protocol|"
        r"regulations)\b[^.?!]{0,40}\b(?:doesn't|does not|don't|do not|won't|will not|say|says|"
        r"state|states|require|requires|only|prevent|prevents|forbid|forbids|allow|allows|"
        r"permit|permits|clear|is clear|are clear|mean|means|is that|are that|stipulate)\b",
        r"\b(?:per|according to|as per|under|in line with|as stated in|as outlined in) (?:our|the|"
        r"company|your) (?:policy|policies|terms|rules|guidelines|procedures?|contract|agreement|"
        r"t&cs|terms and conditions|fine print|conditions(?: of (?:carriage|service|sale|hire|use))?|"
        r"(?:membership|service|rental|booking|fare) (?:terms|rules|agreement))\b",
        r"\b(?:set out|stated|laid out|written|spelled out|explained) in (?:section|clause|part) "
        r"\w+ of (?:the|our|your) (?:terms|contract|agreement|conditions|policy)\b",
        r"\b(?:it's|that's|this is|it is|that is|that's just) (?:against )?(?:our |company |the )?"
        r"(?:policy|the rules|procedure|protocol)\b",
        r"\brules are rules\b",
        # The rule stated as the answer, with a word or two naming it ("our records policy is
        # we send within 10 business days")
        r"\b(?:our|the|company|clinic|store|bank) (?:\w+ ){0,2}(?:policy|policies) (?:is|says|states|"
        r"are|requires|means)\b",
        r"\b(?:i'm|i am|we're|we are) not (?:allowed|permitted|authori[sz]ed) to\b",
        r"\b(?:terms and conditions|t&cs|the fine print|the small print)\b",
        r"\bpolicy is policy\b",
        r"\bi (?:have|need) to follow (?:the |our )?(?:policy|rules|procedure|protocol)\b",
        r"\bthe system (?:won't|doesn't|does not|will not) (?:let|allow)\b",
        r"\bthat's (?:just )?how (?:we|the system|it) (?:do|does|work|works) (?:it|things)\b",
        r"\b(?:refunds?|cancellations?|exchanges?|returns?|credits?|that|this|it)(?:'s| is| are)? "
        r"only (?:available|possible|allowed|valid|permitted|offered|given|done|refundable) "
        r"(?:within|for|up to|if|before|during|in the first)\b",
    ),
    *_rules(
        Move.BLAME_SHIFT,
        # The problem handed to the customer and someone else ("that's between you and the store").
        r"\b(?:that's|that is|it's|it is|that'll be|that would be) (?:something )?between (?:you|u) "
        r"and (?:the|your|them|him|her)\b",
        r"\b(?:it's|it is|that's|that is) (?:the|your|their) (?:bank|banks|bank's|courier|"
        r"courier's|supplier|manufacturer|insurer|card issuer|provider|post office|warehouse|"
        r"system)(?:'s)?,? (?:not (?:us|me|ours)|fault|problem|doing|side)\b",
        # ("the driver dropped it off" delivers it; "dropped it" alone is a slip)
        rf"\b{DEPARTMENT} (?:messed|screwed|dropped|mixed|botched|fouled|cocked) (?:it|this|that|"
        rf"up|things)\b(?! (?:off|round|over|by|in|at|back)\b)",
        rf"\b{DEPARTMENT} (?:should have|should've|was supposed to|were supposed to|forgot|"
        rf"never (?:sent|told|called|updated|processed|passed|logged|put)|didn't (?:send|tell|"
        rf"call|update|process|pass|log|put|do)|failed to|made (?:a|the) (?:mistake|error)|"
        rf"(?:is|are) (?:to blame|responsible|at fault)|got it wrong|lost (?:it|your))\b",
        r"\b(?:that's|it's|this is|that is|it was|that was) (?:the |their |billing's |"
        r"the courier's |the warehouse's |the tech's |the system's |the bank's |dispatch's |"
        r"another department's |the other team's |the carrier's |[a-z]+'s )"
        r"(?:fault|problem|mistake|error|doing|responsibility|issue|screw-?up)\b",
        r"\b(?:not|isn't|wasn't|it's not|that's not|it isn't) (?:my|our|the company's) "
        r"(?:fault|mistake|doing|error)\b",
        rf"\b(?:blame|that's on|it's on|that one's on) {DEPARTMENT}\b",
        r"\b(?:we|i) (?:just|only) (?:pass|relay|forward) (?:it|things|messages|orders) "
        r"(?:on|along)\b",
        r"\bnothing to do with (?:us|me|our team|this department)\b",
        # The fault put on the other side, however it is named ("it is their side that loses
        # things", "that's on their end")
        r"\b(?:it(?:'s| is)|that(?:'s| is)|this is)(?: all)? (?:on )?(?:their|the other) (?:side|end)"
        r"\b(?! of (?:the|it|things)\b)",
        r"\btheir (?:side|end) (?:that )?(?:loses|lost|messes|messed|drops|dropped|mixes|mixed|"
        r"breaks|broke)\b",
        r"\b(?:our|the) (?:system|computer|software) (?:did|does|made|messed|glitched|"
        r"must have)\b",
        rf"\b(?:someone|somebody) (?:in|at|from) {DEPARTMENT}\b[^.?!]{{0,30}}"
        rf"(?:messed|dropped|forgot|didn't|never|should)",
        r"\b(?:that's|it's|this is|that is|it was|that was|that'll be) (?!your\b|you\b|not\b)"
        r"(?:the |their |our )?(?:(?!not\b)[a-z-]+ ){0,3}[a-z]+(?:'s|s') (?:fault|problem|mistake|"
        r"error|"
        r"doing|responsibility|issue|screw-?up|lookout)\b",
        r"\b(?:that's|that is)(?: really| all| squarely| entirely)? on (?:them|him|her|the (?:[a-z]+ )?"
        r"(?:courier|carrier|contractor|subcontractor|supplier|vendor|manufacturer|developers?|"
        r"engineers?|installers?|driver|warehouse|agent|department|company|firm|provider|"
        r"landlord|airline|bank|insurer|lab|pharmacy|store|shop|groomer|staff|team))\b",
        r"\b(?:that's|that is|it's|it is) not on (?:me|us)\b",
        r"(?<!n't )(?<!not )\bblame (?:them|him|her|the (?:[a-z]+ )?(?:courier|carrier|contractor|subcontractor|"
        r"supplier|vendor|manufacturer|developers?|engineers?|installers?|driver|warehouse|"
        r"agent|department|company|firm|provider|landlord|airline|bank|insurer|system|software|"
        r"app|staff|team))\b",
        r"\b(?:the|our|my|a) (?:previous|last|other|earlier|new|weekend|night|temp) (?:agent|"
        r"advisor|adviser|rep|person|colleague|guy|lady|shift|team|groomer|staff)\b[^.?!]{0,30}"
        r"\b(?:must have|must've|should have|probably|got it wrong|messed|made (?:a|the) mistake|"
        r"entered|typed|forgot|not our)\b",
        r", not (?:our|my) (?:regular |own |usual )?(?:staff|team|people|fault|doing|department|"
        r"employees)\b",
        r", not (?:us|me|the (?:hotel|company|store|shop|bank|clinic|airline|gym|practice))\b",
        r"\b(?:they're|they are|they) (?:always|forever|constantly) (?:getting|get|messing|mess|"
        r"mixing|mix) (?:it|things|this|that|orders|readings|bookings) (?:wrong|up)\b",
        r"\b(?:blame|fault) (?:lies|sits|is) with\b",
    ),
    *_rules(
        Move.VAGUE_HOLD,
        r"(?:^|[.!?,;:-] |\b(?:please|just|can you|could you|if you can|if you could|and|so|ok|"
        r"okay) )(?:hold|hang) on\b(?! to)",
        r"(?:^|[.!?,;:-] |\b(?:please|just|can you|could you|if you can|if you could|and) )"
        r"(?<!a )(?<!the )(?<!no )(?:please )?hold(?: the line| please| tight)?\b(?! (?:this|"
        r"that|these|those|it|them|him|her|your|the|a|an|my|our|onto|on to|off|up|back|for|while|"
        r"fire|harmless|responsible|liable|of)\b)",
        r"\b(?:bear|be patient) with (?:me|us)\b",
        r"(?:^|[.!?,] |\b(?:please|just|if you can|if you could|can you|could you) )stay with "
        r"(?:me|us)\b",
        r"(?<!take )(?<!takes )(?<!take your )\b(?:one|a|just a|give me a|gimme a|wait a) "
        r"(?:moment|sec|second|minute|mo|tick|jiffy)\b"
        r"(?! (?:there|ago|earlier|back)\b)",
        r"\b(?:put|place|pop|leave) you on hold\b",
        r"\b(?:someone|somebody|they|a colleague|(?:the|our) (?:\w+ )?(?:team|department|"
        r"office|desk)|we|dispatch|billing|support|the (?:engineer|technician|specialist|"
        r"manager|supervisor))(?:'ll| will| should| is going to| are going to)(?: \w+)? "
        r"(?:get back to (?:you|it)|come back to you|call you|contact you|be in touch|reach out|"
        r"look into "
        r"(?:it|this|that)|look at (?:it|this|that)|follow up)\b",
        r"\b(?:sit tight|wait and see|just wait|keep waiting|wait a (?:bit|while|little))\b",
        r"\b(?:we|i)(?:'ll| will) (?:look into|see what (?:we|i) can do|see about)\b",
        r"\byou(?:'ll| will) (?:hear (?:back|from (?:us|someone|them))|get (?:a call|an email|"
        r"something))\b",
        r"\b(?:as soon as (?:possible|we can|i can|they can)|asap|in due course|at some point|"
        r"when (?:we|they|i) (?:can|get a chance|get to it)|sometime soon)\b",
        r"\b(?:we|i|someone|somebody|they|it|this|that|you|(?:the|our) (?:\w+ )?(?:team|"
        r"department|office|desk))(?:'ll| will| should|'s going to| is going to| are going to)\b"
        r"[^.?!]{0,40}\b(?:soon(?! as\b)|shortly|in a bit|in a while)\b",
        r"\bit(?:'s| is) (?:being|in) (?:looked at|looked into|the queue|progress|process)\b",
        negatable=True,
    ),
    *_rules(
        Move.ARGUE,
        r"\b(?:there's|there is) nothing wrong with (?:the|your|our|it|that|this)\b",
        r"\b(?:that's|that is|this is|it's|it is|that isn't|that's just) (?:not|simply not|"
        # ("That's not right." about what happened to the customer agrees with them: empathy)
        r"just not|hardly|actually not) (?:true|what happened|correct|how (?:it|this|that|"
        r"we) (?:works?|happened|went)|accurate|the case|fair to say)\b",
        r"(?<!why )(?<!how )(?<!if )(?<!that )(?<!when )\byou(?:'re| are) (?:wrong|mistaken|"
        r"incorrect|confused|misremembering|not listening|missing the point|mixing (?:it|things|"
        r"them) up)\b",
        r"\byou (?:should|must|need to) have (?:read|called|checked|known|told|asked|paid|"
        r"submitted|noticed|looked|followed|kept|saved|cancelled|booked)\b",
        # ("you should've been told" is on the company's side: sympathy, not blame)
        r"\byou should've\b(?! been (?:told|informed|warned|called|contacted|notified|given|"
        r"offered|sent|updated|kept))",
        # Arguing the letter of it ("technically we are not late yet")
        r"\btechnically,? (?:we(?:'re| are)|it(?:'s| is)|that(?:'s| is)|you(?:'re| are)|we (?:haven't|"
        r"didn't)) (?:not|still|within|on time|fine)\b",
        # ("you don't pay it again at renewal" informs; "you didn't pay" blames)
        r"\byou (?:didn't|did not|never|failed to) (?:read|follow|check|call|tell|pay|"
        r"submit|send|update|give|cancel|respond|reply|confirm|sign|listen|answer|provide|fill)\b",
        # Telling the customer they never said what they say they said.
        r"\byou (?:didn't|did not|never) (?:actually |really )?(?:mention(?:ed)?|say|said|tell me|"
        r"told me|bring up|brought up|ask(?:ed)? (?:for|about))(?: that| this| it| anything)?\b",
        # The fault put on the customer's side as the usual cause ("Usually when it fails it's
        # because the file isn't in the right format from the customer's side").
        r"\b(?:usually|normally|generally|typically|nine times out of ten|most of the time|most "
        r"times)\b[^.?!]{0,50}\b(?:because|means|down to|comes down to)\b[^.?!]{0,50}\b(?:your|"
        r"(?:the )?customer's|on your (?:side|end)|from your (?:side|end)|user error)\b",
        r"\b(?:from|on) the customer's (?:side|end)\b",
        # Answering a complaint about the call with a denial ("I didn't skip it, I just said ..."),
        # the customer blamed for the order of the telling, the agent's effort held up.
        r"\bi (?:didn't|did not|never) (?:skip|ignore|miss|dodge|avoid)(?:ped|d)? (?:it|that|your "
        r"question|anything)\b",
        r"\b(?:that|this|it) (?:should|could|would) have been (?:said|mentioned|told|raised|brought "
        r"up) (?:earlier|sooner|before|at the start|first)\b",
        r"\bi(?:'m| am) (?:just |only )?trying to help (?:you )?(?:here|out)?\b",
        r"\bif you had (?:read|called|checked|followed|paid|submitted|told|listened|looked)\b",
        r"\byou must have (?:misread|misunderstood|entered|forgotten|forgot|clicked|typed|"
        r"missed|made)\b",
        r"\b(?:that's|that is|it's|it is|it was|that was) (?:on you|your (?:fault|responsibility|"
        r"mistake|error|problem|own doing))\b",
        r"\b(?:actually|no),? (?:you|it|that|the|we)\b[^.?!]{0,50}\b(?:did|didn't|wasn't|was|were|"
        r"weren't|never|had|said)\b",
        r"\bas (?:i|we) (?:already |just )?(?:said|told you|explained|mentioned)\b",
        r"\bthat's not what (?:i|we|the|our) (?:said|told|promised|agreed)\b",
        r"\bwith (?:all due )?respect,? you\b",
        r"\bit (?:clearly )?says (?:so )?(?:right )?(?:there|on|in)\b[^.?!]{0,40}\b(?:you|your)\b",
        r"\byou (?:agreed|signed|accepted|clicked|ticked) (?:to|the|it)\b",
        r"\b(?:the|our|my) (?:records?|system|log|notes?|files?) (?:show|shows|says|say|indicate|"
        r"indicates)\b[^.?!]{0,40}\byou\b",
        r"\b(?:the|our) (?:system|records?|notes|log)(?:'s| is| are)? (?:says?|shows?) otherwise\b",
        r"\bthe system(?:'s| is) never wrong\b",
        r"\bi (?:never|didn't) (?:say|said|promise|promised)\b",
        # Correcting the customer's own account ("i thought you said 6th?").
        r"\bi thought (?:you|u) (?:said|told me)\b",
        r"\b(?:so )?(?:it's|it is|that's|that is) not (?:really )?(?:a|an) (?:mistake|error|"
        r"overcharge|fault)\b",
        r"\b(?:she|he|they)(?: must| probably| obviously)(?: have|'ve)? (?:misread|misheard|"
        r"misunderstood|mixed (?:it|them|things) up|got (?:it|that|them) (?:wrong|mixed up))\b",
        r"\byou (?:must|probably|obviously)(?: have|'ve)? (?:damaged|broken|dropped|lost|"
        r"deleted|binned|ignored|misheard)\b",
        r"\bi (?:very much |highly )?doubt (?:that(?:[.!,]| was\b)|it was\b|(?:that )?(?:he|she|"
        r"they) (?:did|would|said|was|were)\b)",
        r"\b(?:so )?that's what (?:you get|happens when you)\b",
        r"\b(?:it's|it is|that's|that is) (?:right|clearly|plainly) (?:there )?(?:in|on) "
        r"(?:the|page|your|what you)\b",
        r"\b(?:loads of|lots of|plenty of|most|other|thousands of|hundreds of) (?:people|customers|"
        r"users|members|guests|clients)\b[^.?!]{0,40}\b(?:without (?:any )?(?:trouble|problems?|"
        r"issues?|complaints?)|(?:no|never have) (?:trouble|problems?|issues?|complaints?))\b",
        r"\b(?:everyone|everybody|nobody|no one) else (?:has|had|seems to have|is having) (?:a |any "
        r"|this |that |the )?(?:problem|issue|trouble|complaint)s?\b",
        r"\b(?:nobody|no one) else (?:complains?|has complained|manages to)\b",
        r"\b(?:nobody|no one|none of (?:us|them|our \w+)|(?:our|the) (?:staff|team|tech|techs|"
        r"engineer|agent|guys?|people|desk|driver)|she|he|they)(?: (?:on|in|at|from) (?:our|the) "
        r"\w+)? (?:wouldn't|would not|would never|never would)(?: have|'ve)? (?:said|done|told|"
        r"promised|agreed to|say|do) (?:that|this|it|something like that)\b",
        r"\b(?:nobody|no one)(?: (?:on|in|at|from) (?:our|the) \w+)? (?:would(?:'ve| have)|"
        r"would ever(?: have)?) (?:said|done|told|promised|agreed to)\b",
        r"\b(?:you've|you have) got (?:your|the) wires crossed\b",
        r"(?:^|[.!?] )(?:no|nah|nope),? (?:it's|that's|it was) your (?:own )?(?:fault|mistake|doing|"
        r"problem|error|end|side|setup|settings|macros?|router|device|computer|phone|card|bank)\b",
        r"\b(?:maybe|perhaps|next time,?)(?: you)?(?: should| could| might| want to)?(?: try)? "
        r"(?:listen|read|pay|learn|check|say|saying|speak|speaking|explain|explaining|look|"
        r"looking)\w*\b[^.?!]{0,40}\b(?:next time|the first time)\b",
        r"\bif you(?:'d| would) (?:just )?(?:get to the point|let me finish|stop (?:talking|"
        r"interrupting|shouting))\b|\bif you(?:'d| would) just listen\b",
        r"\bthat's your (?:own )?(?:responsibility|job)\b",
        negatable=False,
    ),
    *_rules(
        Move.OVERPROMISE,
        # "What I can promise is ..." bounds a commitment; it does not overreach.
        r"\b(?<!what )(?:i|we) (?:can )?(?:absolutely |personally |100% |hundred percent )?(?:guarantee|"
        r"promise)\b(?! is\b)",
        r"\b(?:100|one hundred|a hundred) (?:percent|%)\b",
        r"\b100%",
        r"\b(?:definitely|absolutely|certainly|for sure|without (?:a|any) doubt)(?:,)? "
        r"(?:will|be|going to|get|have|arrive|fixed|done|today|tomorrow|refund\w*|waive\w*)\b",
        r"\bwill (?:definitely|absolutely|certainly|for sure) (?:be|get|have|arrive|happen|work|"
        r"come|fix|refund|waive)\b",
        r"\b(?:this|it|that)(?:'ll| will) never happen again\b",
        r"\bnever (?:again|happen again)\b",
        r"\byou have my (?:word|promise|guarantee)\b",
        r"\bconsider it done\b",
        r"\b(?:i|we)(?:'ll| will) make sure (?:you get|it's|this is|they|it gets|you're|you are)"
        r"\b[^.?!]{0,40}\b(?:full refund|free|waived|refunded|compensat\w*|upgrade\w*|today|"
        r"tonight|tomorrow|first thing|no matter what|whatever it takes)\b",
        r"\bno matter what\b",
        r"\bwhatever it takes\b",
        r"\bi can get (?:you|that|this|the fee|the charge|it)\b[^.?!]{0,30}\b(?:waived|refunded|"
        r"free|upgraded|wiped|removed|reversed) (?:for sure|no problem|easily|today|right now)\b",
        r"\b(?:it's|it is|that's|that is) a done deal\b",
        r"\bguaranteed\b",
        # Grants no agent could make on their own say: gifts for life, every cost made good.
        r"\b(?:lifetime|life-long|lifelong) (?:membership|subscription|supply|discount|upgrade|"
        r"warranty)\b",
        r"\bfree (?:for|of charge for) (?:life|ever|a year|(?:a|one|two|\w+) years?)\b",
        r"\b(?:get|give|refund|pay|paid|reimburse|compensate)\w* (?:you )?(?:back )?(?:for )?"
        r"(?:every|each) (?:single )?(?:penny|cent|dollar|pound)\b",
        r"\b(?:i'll|i will) (?:personally )?(?:drive|bring|deliver|hand-deliver|hand deliver) "
        r"(?:it|them|you|a cheque|a check|the \w+)\b[^.?!]{0,30}\b(?:myself|personally|(?:to|"
        r"round to|over to) your)\b",
        negatable=True,
    ),
    *_rules(
        Move.HOSTILE,
        r"\b(?:maybe|perhaps)(?: next time)? (?:you should|try) (?:listen|read|pay attention|"
        r"learn|check)\w*\b",
        r"\b(?:wow|oh|well),? (?:great|nice|lovely|brilliant|charming|wonderful|fantastic)"
        r" (?:attitude|job|one|manners|tone)\b",
        r"\bwhat (?:part|bit) of\b[^.?!]{0,40}\b(?:don't|do not|didn't) you (?:understand|get)\b",
        r"\bi (?:don't|do not) have all day\b",
        r"\b(?:are you|you) (?:deaf|stupid|thick|dense|serious|kidding|joking|for real)\b",
        r"\b(?:are|were) you (?:even )?(?:listening|paying attention)\b",
        r"\bdid you (?:even|actually) (?:read|listen|look|check|try|bother)\b",
        r"\bgood luck (?:with that|finding|getting|trying|with your|to you)\b",
        r"\bif you (?:can't|cannot|don't) (?:understand|read|follow)\b",
        r"\b(?:sweetheart|sweetie|honey|hun|pal|buddy|darling|love)\b[,.!?]",
        r"\bi(?:'m| am) not (?:going to )?repeat(?:ing)? myself\b",
        r"\btake it or leave it\b",
        r"\bif you don't like it\b",
        r"\b(?:obviously|clearly),? you\b",
        r"\bnot my problem\b",
        r"\bwhatever\b[.!]",
        r"\bwhat do you want me to do about it\b",
        r"\b(?:don't|do not) take that tone with me\b",
        r"\b(?:how hard|how difficult) (?:is it|can it be)\b",
        r"\bi(?:'ve| have) (?:already )?(?:explained|told you) (?:this )?(?:three|several|"
        r"multiple|five|a few|many|a hundred|twice|two) times\b",
        # "Like I said, ..." opening a reply is a reproach; "..., like I said, by five" an aside.
        r"(?:^|[.!?] )(?:(?:yeah|yes|no|well|look|ok|okay|again|so),? )?(?:like|as) i (?:said|told "
        r"you|already (?:said|told you))\b",
        r"\b(?:that's|that is) what i (?:just )?(?:said|told you)\b",
        r"\bget over it\b",
        r"\bcry me a river\b",
        r"\b(?:some|other) (?:of us|people) have (?:work|jobs|other customers)\b",
        r"\bi'll (?:type|say it|talk) (?:slowly|slower)\b",
        r"\b(?:join|welcome to) the (?:club|queue)\b",
        r"\bsounds like a you problem\b",
        r"\ba you problem\b",
        r"\byou people\b",
        r"\bthanks for nothing\b",
        r"\bwhy (?:would|did) you (?:even|ever)\b",
        r"\bshocking,? i know\b",
        r"\bsee if i care\b",
        r"\b(?:i )?(?:couldn't|could not) care less\b",
        r"\bdo i look like i care\b",
        r"\b(?:since|because|as) (?:it's|it is|you're|you are|this is) (?:clearly|obviously|"
        r"apparently) (?:(?:so |too )?(?:hard|difficult|complicated|confusing|tricky|much) for "
        r"you|beyond you)\b",
        r"\byou(?:'re| are) (?:not making (?:much |any )?|making no )sense\b",
        r"\bi heard you the first (?:time|\w+ times)\b",
        r"\b(?:use|using|try) (?:smaller|small|little) words\b",
        r"\bknock yourself out\b",
        # An ultimatum put as a question ("Do you want the room or not?").
        r"\b(?:do|did|can|could|will|would|are|is|have) (?:you|u)\b[^.?!]{0,60}\bor not\?",
        # Asking what more the customer could expect ("I'm not sure what else you expect").
        r"\bwhat (?:else |more )(?:do|did|are|were|could|can) (?:you|u) (?:even |actually |really )?"
        r"(?:expect|want)\w*\b",
        r"\b(?:not sure|don't know|do not know|no idea) what (?:else |more )(?:you|u)(?:'re| are)? "
        r"(?:expect|want)\w*\b",
        # Pointing out the customer missed what was just said ("I've literally just listed four").
        r"\bi(?:'ve| have) (?:literally )?just (?:told|listed|explained|said|given|gone through|"
        r"read out) (?:you|that|it|this|\w+ things|them)\b",
        r"\bi(?:'ve| have) literally\b",
        r"(?:^|[.!?] )(?:i|as i) (?:just|already) (?:told|said|explained)(?: (?:you|that|this|it))?\b",
        # Setting the customer against the rest ("That's more than most guests get").
        r"\bmore than most (?:guests|customers|people|clients|members|patients|passengers) "
        r"(?:get|would get|are offered)\b",
        # A sneer in place of a boundary ("Insulting me isn't going to get you a room").
        r"\b(?:insulting|shouting at|yelling at|swearing at|abusing) me (?:isn't|is not|won't|will "
        r"not|doesn't|does not) (?:going to )?(?:get|help|make|change)\b",
        r"\bwhat a tragedy\b",
        r"\bwhatever will (?:i|you|we) do\b",
        r"\bboo[- ]?hoo\b",
        r"\bmy heart bleeds\b",
        r"\b(?:their|your|his|her) problem now\b",
        r"\bgo ahead(?:,| and)? (?:report|complain about|sue) (?:me|us)\b",
        r"\b(?:maybe|perhaps|next time,?)(?: you)?(?: should| could| might| want to)?(?: try)? "
        r"(?:listen|read|pay|learn|check|say|saying|speak|speaking|explain|explaining|look|"
        r"looking)\w*\b[^.?!]{0,40}\b(?:next time|the first time)\b",
        r"\bif you(?:'d| would) (?:just )?(?:get to the point|let me finish|stop (?:talking|"
        r"interrupting|shouting))\b|\bif you(?:'d| would) just listen\b",
        r"\bbig surprise\b",
        # Laughing at the customer, in any chat spelling.
        rf"\b{LAUGHTER}\b",
        # Condescension: the customer's problem made out to be simple or their own doing.
        r"\b(?:it's|it is|this is|that's|that is|this isn't|it isn't) not (?:exactly )?(?:rocket "
        r"science|brain surgery|that (?:hard|difficult|complicated)|complicated)\b",
        r"\b(?:isn't|is not|it's not|not) (?:exactly )?rocket science\b",
        # ... or the customer made out to be careless for not knowing it.
        r"\bif you (?:had |'d )?(?:read|looked at|checked|listened to)(?: it| that| this| them| the "
        r"\w+(?: \w+)?)? properly\b",
        r"\bmost (?:people|customers|folks) (?:actually |do |would )?(?:read|know|check|notice|"
        r"understand|manage|remember)\b",
        r"\b(?:keep|carry on|finish|done) (?:venting|moaning|complaining|shouting|ranting)\b",
        r"\bwant to (?:keep )?(?:vent|venting|moan|moaning|rant|ranting)\b",
        r"\bi (?:do )?know how (?:it|this|my job|things|the system) works\b",
        r"\bas i (?:already |just )?(?:said|told you|explained|mentioned)(?:,| before| already|\.)",
        r"\byou (?:don't|do not|didn't|did not) (?:even )?know (?:your|ur) (?:own )?\w+",
        r"\b(?:you'd|you would) (?:know|think) (?:that|this)\b",
        r"\b(?:do|did) you (?:actually|even|seriously) (?:think|expect|believe)\b",
        # Swearing.
        r"\b(?:damn\w*|crap\w*|shit\w*|bullshit|bloody|wtf|fuck\w*|f\*+k\w*|piss\w*|arse\w*)\b",
    ),
)

NEGATION_BEFORE = re.compile(rf"\b{NEGATOR}\b")
"""Searched in the few words before a match, within its clause."""
HEDGE_BEFORE = re.compile(
    r"\b(?:can't|cannot|can not|won't|will not|not (?:able|going) to|unable to|wouldn't|"
    r"don't want to|do not want to|not|never|no|nothing|nobody|no one|\w+n't)\b"
)
NEGATION_WINDOW = 32
"""Characters before a match that a negator must fall in to cancel it."""
FUTURE = re.compile(rf"\b{FUTURE_CUE}\b")
