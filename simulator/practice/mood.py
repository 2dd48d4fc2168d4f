"""The mood model: heat and trust, moved each turn by what the trainee did.

The numbers come from the persona file (``reactions``, scaled by the difficulty level);
the rules here are the ones every customer shares: sympathy with nothing behind it stops
working, the same soothing move wears off, repeating yourself annoys, an unanswered
question raises heat, and a boundary the customer did nothing to earn offends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from simulator.models.content import DifficultyLevel, Persona
from simulator.models.moves import SOOTHING, UNPROFESSIONAL, Move

EMPATHY_TURNS_THAT_WORK = 2
WEAR_OFF = 0.6
"""Each earlier use of a soothing move keeps this share of its effect."""
GENERIC_SHARE = 0.5
"""Share of a soothing move's effect left when the reply has nothing of the customer's case."""
REPEAT_HEAT = 1.0
UNANSWERED_HEAT = 1.0
HOLLOW_EMPATHY_HEAT = 0.5
UNEARNED_BOUNDARY_HEAT = 0.8
EMPTY_HEAT = 0.3
OFF_TOPIC_HEAT = 0.8
REFUSED_DEMAND_HEAT = 1.0
RUDE_HEAT = 1.0
"""The least a rude, sarcastic, mocking or condescending turn adds, whatever else it holds."""
PUSHBACK_HEAT = 0.3
"""What a reply that pushes back adds when nothing else moved the heat up."""
MAX_RISE = 4.0
MAX_FALL = 3.5


@dataclass(frozen=True)
class TurnSignals:
    """What the engine noticed about a trainee turn, beyond the moves."""

    moves: frozenset[Move]
    repeated: bool = False
    """The reply restates an earlier one almost word for word."""
    unanswered: bool = False
    """The customer asked something and the reply ignored it."""
    empathy_streak: int = 0
    """Turns in a row, this one included, of sympathy with no step forward."""
    customer_abusive: bool = False
    """The customer's last line was abusive (a boundary is earned)."""
    generic: bool = False
    """The reply shares nothing with the customer's story: sympathy that fits anyone."""
    empty: bool = False
    """Sympathy that fits anyone with no step forward: words, no substance."""
    off_topic: bool = False
    """Small talk that has nothing to do with the customer's case."""
    refused_demand: bool = False
    """The customer's open demand (a manager, a request) turned down with nothing instead."""


@dataclass(frozen=True)
class MoodChange:
    """The new mood and the reasons it moved."""

    heat: float
    trust: float
    heat_delta: float
    trust_delta: float
    reasons: tuple[str, ...]


def _clamp(value: float) -> float:
    return round(min(10.0, max(0.0, value)), 2)


class MoodModel:
    """Applies one persona's reactions, scaled for a difficulty level."""

    def __init__(self, persona: Persona, level: DifficultyLevel) -> None:
        self.persona = persona
        self.level = level

    def opening(self) -> tuple[float, float]:
        """Heat and trust at the customer's first line."""
        mood = self.persona.opening_mood
        return (
            _clamp(mood.heat + self.level.heat_offset),
            _clamp(mood.trust + self.level.trust_offset),
        )

    def trigger(self, heat: float | None) -> float | None:
        """A trigger heat from the persona, moved by the difficulty level."""
        return None if heat is None else min(10.0, heat + self.level.trigger_offset)

    def _scaled(self, delta: float) -> float:
        scale = self.level.reaction_scale if delta > 0 else self.level.soothe_scale
        return delta * scale

    def apply(
        self,
        heat: float,
        trust: float,
        signals: TurnSignals,
        uses: dict[str, int],
        floor: float = 0.0,
    ) -> MoodChange:
        """Move ``heat`` and ``trust`` for one turn; ``uses`` counts earlier soothing uses.

        Soothing never takes heat below ``floor``: kind words calm a customer only so far
        while nothing concrete has been promised.
        """
        dh = dt = 0.0
        reasons: list[str] = []
        hollow = signals.empathy_streak > EMPATHY_TURNS_THAT_WORK
        for move in _ordered(signals.moves):
            reaction = self.persona.reactions.get(move)
            if reaction is None or (reaction.heat == 0 and reaction.trust == 0):
                continue
            h, t = self._scaled(reaction.heat), reaction.trust
            why = ""
            if move is Move.SET_BOUNDARY and not signals.customer_abusive:
                h, t, why = UNEARNED_BOUNDARY_HEAT, -0.5, " (a boundary they did nothing to earn)"
            elif h < 0 and (_beside_the_point(signals) or (move in SOOTHING and hollow)):
                h, t, why = 0.0, min(t, 0.0), " (sympathy with nothing behind it no longer works)"
            elif move in SOOTHING and signals.generic and h < 0:
                h, t, why = h * GENERIC_SHARE, t * GENERIC_SHARE, " (could be said to anyone)"
            elif h < 0:
                earlier = uses.get(move.value, 0)
                if earlier:
                    h, t = h * WEAR_OFF**earlier, t * WEAR_OFF**earlier
                    why = f" (wearing off: used {earlier} time{'s' if earlier > 1 else ''} before)"
            if h or t:
                dh += h
                dt += t
                reasons.append(f"{move.value}: heat {h:+.1f}, trust {t:+.1f}{why}")
        for amount, text in _rises(signals, hollow):
            rise = self._scaled(amount)
            dh += rise
            dt -= 0.3
            reasons.append(f"{text}: heat {rise:+.1f}, trust -0.3")
        if signals.moves & UNPROFESSIONAL and dh < (rude := self._scaled(RUDE_HEAT)):
            # Kind words or a plan beside a sneer do not calm: the sneer is what is heard.
            reasons.append(f"said rudely: heat rises by at least {rude:+.1f}")
            dh = rude
        dh = max(-MAX_FALL, min(MAX_RISE, dh))
        if dh < 0 and heat + dh < floor:
            dh = min(0.0, floor - heat)
            reasons.append(f"nothing concrete yet: heat stays at {max(heat, floor):.1f} or above")
        new_heat, new_trust = _clamp(heat + dh), _clamp(trust + dt)
        return MoodChange(
            heat=new_heat,
            trust=new_trust,
            heat_delta=round(new_heat - heat, 2),
            trust_delta=round(new_trust - trust, 2),
            reasons=tuple(reasons),
        )

    def agree(
        self, change: MoodChange, side: int, heat: float, trust: float, rude: bool = False
    ) -> MoodChange:
        """The mood moved to agree with what the customer says (``side``: the reply's stance).

        A customer who goes along is not angrier for it; one who pushes back is not calmer:
        the heat moves no further than the words allow, and a push-back with nothing else
        behind it warms the call a little.
        """
        delta = change.heat_delta
        if rude:
            return change  # going along with a rude agent does not make it any less rude
        if side > 0 and delta > 0:
            why = "they went along with it: heat does not rise"
            new_heat = heat
        elif side < 0 and delta <= 0:
            rise = self._scaled(PUSHBACK_HEAT)
            why = f"they pushed back: heat {rise:+.1f}"
            new_heat = _clamp(heat + rise)
        else:
            return change
        return MoodChange(
            heat=new_heat,
            trust=change.trust,
            heat_delta=round(new_heat - heat, 2),
            trust_delta=round(change.trust - trust, 2),
            reasons=(*change.reasons, why),
        )


def _beside_the_point(signals: TurnSignals) -> bool:
    """Nothing in the turn deals with what the customer said: it cannot calm them."""
    empty = signals.empty and bool(signals.moves & SOOTHING)
    return signals.off_topic or signals.refused_demand or empty


def _rises(signals: TurnSignals, hollow: bool) -> list[tuple[float, str]]:
    """The heat each thing that annoys adds this turn, and why."""
    return [
        (amount, text)
        for flag, amount, text in (
            (signals.repeated, REPEAT_HEAT, "repeated an earlier reply"),
            (signals.unanswered, UNANSWERED_HEAT, "left the customer's question unanswered"),
            (hollow, HOLLOW_EMPATHY_HEAT, "sympathy again with no action"),
            (signals.empty and not hollow, EMPTY_HEAT, "kind words that fit anyone, nothing else"),
            (signals.off_topic, OFF_TOPIC_HEAT, "small talk that is not about their problem"),
            (signals.refused_demand, REFUSED_DEMAND_HEAT, "turned down what they asked for"),
        )
        if flag
    ]


def _ordered(moves: Iterable[Move]) -> list[Move]:
    order = list(Move)
    return sorted(moves, key=order.index)


def band(heat: float) -> str:
    """The mood band of a heat: calm below 4, tense 4 to 7, hot 7 and above."""
    if heat < 4:
        return "calm"
    return "tense" if heat < 7 else "hot"
