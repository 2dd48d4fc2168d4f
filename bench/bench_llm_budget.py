"""Prompt tokens per turn over a 40-turn LLM call, with and without the history budget.

Run: .venv/bin/python bench/bench_llm_budget.py   (or `make bench`)
No network: LangChain's fake chat model plays the customer, and the prompts the LLM actor
builds are counted with tiktoken (o200k_base, the encoding of gpt-4o-mini), offline.
"""

from __future__ import annotations

import sys

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from simulator.content import default_content
from simulator.llm import prompt
from simulator.llm.actor import LLMActor
from simulator.llm.choice import ModelSpec
from simulator.llm.tokens import count
from simulator.models.lines import LineKind
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.actor import Cue
from simulator.practice.director import Beat

TURNS = 40
GPT_4O_MINI = ModelSpec("openai", "gpt-4o-mini")
REPLY = "Okay, but I still need to know when the engineer is actually coming today."


def per_turn(budget: bool) -> list[int]:
    """Prompt tokens of each turn's request over a 40-turn call."""
    saved = (prompt.HISTORY_BUDGET, prompt.SUMMARY_BUDGET)
    if not budget:
        prompt.HISTORY_BUDGET, prompt.SUMMARY_BUDGET = 10**9, 0
    try:
        content = default_content()
        engine = SessionEngine(content, CallSetup("impatient", "hvac_missed_window", 2, 1, 100))
        model = GenericFakeChatModel(messages=iter([AIMessage(content=REPLY)] * (TURNS + 5)))
        actor = LLMActor(
            model, GPT_4O_MINI, content, engine.persona, engine.scenario, engine.offline
        )
        engine.actor = actor
        _, state = engine.start()
        sizes = []
        for turn in range(1, TURNS + 1):
            text = f"Thanks for holding. Step {turn}: I'm checking the dispatch notes for the booking now."
            messages = actor.messages(Cue([Beat(LineKind.NEUTRAL)], state, text))
            sizes.append(sum(count(m.content, actor.name) for m in messages))
            result = engine.step(state, text)
            state = result.state.model_copy(update={"outcome": None, "maxed": 0, "stalled": 0})
        return sizes
    finally:
        prompt.HISTORY_BUDGET, prompt.SUMMARY_BUDGET = saved


def main() -> None:
    with_budget, without = per_turn(True), per_turn(False)
    print("turn  with budget  without budget")
    for turn in (1, 5, 10, 20, 30, 40):
        print(f"{turn:>4}  {with_budget[turn - 1]:>11,}  {without[turn - 1]:>14,}")
    ratio = with_budget[39] / with_budget[9]
    print(
        f"turn 40 / turn 10 with the budget: {ratio:.2f} (target <= 1.3); "
        f"without: {without[39] / without[9]:.2f}"
    )
    print(f"prompt tokens over the whole call: {sum(with_budget):,} with, {sum(without):,} without")


if __name__ == "__main__":
    sys.exit(main())
