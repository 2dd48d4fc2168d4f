"""Sample data for trying the coach pages: scripted trainees' calls, stored and graded.

`defuse demo-data` fills the configured database with calls by a few made-up trainees in two
teams over the past weeks, some played well and some carelessly, so the dashboard, the
review page and the progress page have something to show on a fresh install.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import update

from simulator.content import ContentSet
from simulator.models.transcript import CallLog
from simulator.practice import CallSetup
from simulator.scripted import Skilled, careless, skilled_log
from simulator.session import Practice
from simulator.storage import Store
from simulator.storage.schema import CallSession, now

TRAINEES = (
    ("Avery Demo", "Team North"),
    ("Blake Demo", "Team North"),
    ("Casey Demo", "Team North"),
    ("Devon Demo", "Team South"),
    ("Emery Demo", "Team South"),
    ("Finley Demo", "Team South"),
)


def seed(content: ContentSet, store: Store, calls: int = 60, weeks: int = 6, seed: int = 7) -> int:
    """Store ``calls`` graded demo calls; return how many were stored."""
    rng = random.Random(seed)
    pairs = [
        (p, s.id) for s in content.scenarios.values() for p in s.personas if p in content.personas
    ]
    stored = 0
    for index in range(calls):
        name, team = TRAINEES[index % len(TRAINEES)]
        persona, scenario = rng.choice(pairs)
        skill = (index % len(TRAINEES)) / len(TRAINEES) + index / (2 * calls)
        careful = rng.random() < 0.2 + 0.45 * skill
        setup = CallSetup(persona, scenario, rng.choice((1, 2, 2, 3)), rng.randrange(10**6))
        call = Practice.start(content, store, setup, name, team)
        trainee = Skilled() if careful else careless
        while not call.ended:
            said = trainee(call.state, call.last_reply or call.opening, call.engine.scenario)
            call.say(said)
        call.file_log(
            skilled_log(call.engine.scenario) if careful else CallLog(trigger="angry customer")
        )
        call.grade()
        when = now() - timedelta(days=rng.uniform(0, 7 * weeks))
        with store.transaction() as db:
            db.execute(
                update(CallSession).where(CallSession.id == call.session_id).values(started_at=when)
            )
        stored += 1
    return stored
