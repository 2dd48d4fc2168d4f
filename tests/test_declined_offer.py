"""An offer turned down stays turned down until the agent adds something to it."""

from __future__ import annotations

from simulator.content import default_content
from simulator.models.lines import LineKind
from simulator.moves.cues import FAREWELL
from simulator.practice import CallSetup, SessionEngine
from simulator.scripted import Fixed

HOTEL = (
    "I've booked you a room at the airport hotel tonight, paid by us; the voucher will be in "
    "your email by 9 p.m."
)
SEAT = (
    "I've also put you on the 6:50 partner flight that lands at 8:40, and the hotel voucher "
    "is in your email by 9 p.m."
)
TAKEN = {LineKind.OPTION_ACCEPT, LineKind.PLAN_ACCEPT, LineKind.PICK}


def test_the_same_offer_again_is_turned_down_again_and_a_fuller_one_is_weighed() -> None:
    content = default_content()
    for seed in range(3):
        eng = SessionEngine(content, CallSetup("entitled", "airline_missed_connection", 2, seed))
        _, state = eng.start()
        state = eng.step(state, "I'm so sorry your connection was missed tonight.").state
        first = eng.step(state, HOTEL)
        assert LineKind.OPTION_REJECT in first.beats, first.reply
        again = eng.step(first.state, HOTEL)
        assert not set(again.beats) & TAKEN, again.reply
        assert not again.state.plan_accepted
        fuller = eng.step(again.state, SEAT)  # a part they asked for, added
        assert set(fuller.beats) & TAKEN, fuller.reply


def test_a_goodbye_after_a_turned_down_offer_is_not_an_acceptance() -> None:
    content = default_content()
    eng = SessionEngine(content, CallSetup("aggressive", "insurance_claim_denied", 3, 1))
    line, state = eng.start()
    trainee = Fixed()  # its follow-up is turned down; nothing is added before its goodbye
    turned_down = False
    while not state.ended:
        said = trainee(state, line, eng.scenario)
        result = eng.step(state, said)
        state, line = result.state, result.reply
        if turned_down and FAREWELL.search(said.lower()):
            assert not set(result.beats) & TAKEN, (said, line)
        turned_down = turned_down or LineKind.OPTION_REJECT in result.beats
