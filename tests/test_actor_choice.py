"""Who plays the customer: one typed choice, providers asked for what they can do, streaming.

A fake provider registered like a real one (no network, no OPENAI_* variables) proves that
the choice travels through start, resume and branch, that the page asks the provider seam
whether a model is usable, and that capabilities come from the provider, not a prefix.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from pydantic import Field
from typer.testing import CliRunner

from simulator.cli import app, practice_cmd
from simulator.content import default_content
from simulator.llm.choice import OFFLINE, LLMError, ModelSpec, parse_choice
from simulator.llm.providers import PROVIDERS, Provider, configured_model, provider_for
from simulator.practice import CallSetup
from simulator.practice.actor import Cue, Spoken, TokenSink
from simulator.session import Practice
from simulator.storage import Store, database_url

runner = CliRunner()
SETUP = CallSetup("impatient", "hvac_missed_window", 2, 3)
MAIN = str(Path(__file__).resolve().parents[1] / "simulator" / "app" / "main.py")


class FakeChat(GenericFakeChatModel):
    """LangChain's fake chat model that also records how structured output is asked for."""

    asked: dict[str, Any] = Field(default_factory=dict)

    def with_structured_output(self, schema: Any, **kwargs: Any) -> Any:
        self.asked = kwargs
        return self


class FakeProvider(Provider):
    """A provider that is not OpenAI, answering from a queue of lines; records what it built."""

    def __init__(
        self,
        name: str = "acme",
        *,
        method: str | None = None,
        batch: bool = False,
        usable: bool = True,
    ) -> None:
        self.name = name
        self.title = "Acme"
        self.structured_output_method = method
        self.supports_batch = batch
        self.usable = usable
        self.built: list[str] = []
        self.checked: list[str] = []
        self.models: list[FakeChat] = []

    def configured(self) -> bool:
        return self.usable

    def problem(self) -> str | None:
        return None if self.usable else "ACME_KEY is not set"

    def chat_model(
        self,
        spec: ModelSpec,
        *,
        temperature: float,
        max_tokens: int | None = None,
        timeout_s: float = 30.0,
    ) -> Any:
        self.built.append(spec.id)
        # A different line each turn: the guard stops a customer saying a line again.
        lines = [
            f"Right, so where is engineer number {n}, who never came this morning?"
            for n in range(20)
        ]
        model = FakeChat(messages=iter([AIMessage(content=line) for line in lines]))
        self.models.append(model)
        return model

    def preflight(self, spec: ModelSpec) -> None:
        self.checked.append(spec.id)


@pytest.fixture
def acme(monkeypatch: pytest.MonkeyPatch) -> FakeProvider:
    provider = FakeProvider()
    monkeypatch.setitem(PROVIDERS, provider.name, provider)
    return provider


# --- the choice at the edges ---------------------------------------------------------------


def test_a_choice_reads_back_from_what_is_stored() -> None:
    assert parse_choice("offline") is OFFLINE
    spec = parse_choice("openai:llama3.1:8b")
    assert spec == ModelSpec("openai", "llama3.1:8b")
    assert parse_choice(spec.id) == spec
    for bad in ("", ":gpt", "openai:", "llm", "open ai:gpt"):
        with pytest.raises(LLMError):
            parse_choice(bad)


def test_bad_model_choices_are_one_line_and_non_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    base = ["practice", "--persona", "impatient", "--actor", "llm"]
    cases = [
        ([*base, "--model", "open ai:gpt"], {}, "cannot read the model 'open ai:gpt'"),
        ([*base, "--model", "nosuch:thing"], {}, "unknown provider 'nosuch'"),
        ([*base, "--model", "openai:gpt-4o-mini"], {}, "OPENAI_API_KEY is not set"),
        (base, {"DEFUSE_MODEL": "openai:"}, "DEFUSE_MODEL: cannot read the model"),
        (base, {"DEFUSE_MODEL": "acme2:x"}, "unknown provider 'acme2'"),
        (
            ["grade", "x.txt", "--judge", "llm", "--model", "nosuch:judge"],
            {},
            "unknown provider 'nosuch'",
        ),
    ]
    for args, env, message in cases:
        with monkeypatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            result = runner.invoke(app, args, input="hello\n")
        assert result.exit_code == 1, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.output + result.stderr
    assert runner.invoke(app, ["history", "--format", "json"]).stdout.strip() == "[]"


def test_defuse_model_is_the_default_for_an_llm_customer(
    acme: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEFUSE_MODEL", "acme:from-env")
    result = runner.invoke(
        app,
        [*("practice", "--actor", "llm", "--persona", "impatient"), "--report", "json"],
        input="I'm sorry. What happened this morning?\n/end\n",
    )
    assert result.exit_code == 0, result.output
    assert acme.built == ["acme:from-env"] and acme.checked == ["acme:from-env"]
    session = json.loads(result.stdout)["session_id"]
    shown = runner.invoke(app, ["show", session, "--format", "json"])
    assert json.loads(shown.stdout)["actor"] == "acme:from-env"


def test_without_a_key_the_default_is_named_by_the_configured_provider(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(LLMError, match="no model configured"):
        configured_model()
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert configured_model() == ModelSpec("openai", "gpt-4o-mini")


# --- the choice travels with the stored call -----------------------------------------------


def test_resume_and_branch_keep_the_calls_model(acme: FakeProvider) -> None:
    content = default_content()
    store = Store(database_url())
    spec = ModelSpec("acme", "customer-b")
    call = Practice.start(content, store, SETUP, "ana", actor=spec)
    call.say("I'm sorry about the wait. What happened this morning?")
    assert store.load(call.session_id).actor == "acme:customer-b"
    call.close()  # paused here, picked up again below

    resumed = Practice.resume(content, store, call.session_id)
    assert resumed.choice == spec and resumed.engine.actor.name == "acme:customer-b"
    resumed.end()

    retry = Practice.branch(content, store, call.session_id, 1)
    assert retry.choice == spec and retry.engine.actor.name == "acme:customer-b"
    assert store.load(retry.session_id).actor == "acme:customer-b"
    assert acme.built == ["acme:customer-b"] * 3  # start, resume, branch: never the default


def test_a_branch_of_an_offline_call_stays_offline() -> None:
    content = default_content()
    store = Store(database_url())
    call = Practice.start(content, store, SETUP, "ana")
    call.say("I'm sorry about the wait. What happened this morning?")
    call.end()
    retry = Practice.branch(content, store, call.session_id, 1)
    assert retry.choice is OFFLINE and retry.engine.actor is retry.engine.offline
    assert store.load(retry.session_id).actor == "offline"


# --- capabilities come from the provider ---------------------------------------------------


def test_the_judge_and_the_batch_price_ask_the_provider(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from simulator.grading import read_transcript  # noqa: PLC0415
    from simulator.llm.judge import Judge, folder_estimate  # noqa: PLC0415

    for provider in (
        FakeProvider("acme", method="function_calling", batch=True),
        FakeProvider("plain"),
    ):
        monkeypatch.setitem(PROVIDERS, provider.name, provider)
    prices = tmp_path / "prices.yaml"
    prices.write_text(
        "acme:j: {prompt: 1.0, completion: 2.0}\nplain:j: {prompt: 1.0, completion: 2.0}\n"
        "openai:j: {prompt: 1.0, completion: 2.0}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DEFUSE_PRICES", str(prices))
    content = default_content()
    transcript = read_transcript(
        Path(__file__).resolve().parent / "data" / "calibration" / "1_impatient_excellent.json"
    )
    found = {}
    for provider in ("acme", "plain", "openai"):
        model = FakeChat(messages=iter([]))
        judge = Judge(content, model, ModelSpec(provider, "j"))
        _, now, batch = folder_estimate(judge, [transcript])
        found[provider] = (model.asked.get("method"), now is not None, batch is not None)
    assert found == {
        "acme": ("function_calling", True, True),  # not 'openai:', yet structured and batched
        "plain": (None, True, False),
        "openai": ("json_schema", True, True),
    }
    assert provider_for(ModelSpec("openai", "x")).supports_batch


def test_batch_with_a_provider_without_a_batch_api_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil  # noqa: PLC0415

    monkeypatch.setitem(PROVIDERS, "plain", FakeProvider("plain"))
    folder = tmp_path / "calls"
    folder.mkdir()
    shutil.copy(
        Path(__file__).resolve().parent / "data" / "calibration" / "1_impatient_poor.json", folder
    )
    args = ["grade", str(folder), "--judge", "llm", "--model", "plain:j", "--batch", "--yes"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "the provider 'plain' has no batch API" in result.stderr
    assert "Batch API" not in result.stderr.splitlines()[0]  # no batch price was offered


# --- streaming is the actor's, used by the terminal and the page ---------------------------


class Recording:
    """An actor that says one fixed line and records which protocol method was used."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def speak(self, cue: Cue, rng: random.Random) -> Spoken:
        self.calls.append("speak")
        return Spoken("Well, go on then.")

    def stream(self, cue: Cue, rng: random.Random, sink: TokenSink) -> Spoken:
        self.calls.append("stream")
        for piece in ("Well,", " go", " on", " then."):
            sink(piece)
        return Spoken("Well, go on then.")


def test_the_terminal_streams_each_reply_through_the_actor(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(database_url())
    call = Practice.start(default_content(), store, SETUP, "ana")
    actor = Recording()
    call.engine.actor = actor
    typed: Iterator[str] = iter(["I'm sorry. What happened this morning?", "/end", *[""] * 6])
    monkeypatch.setattr(practice_cmd.console, "input", lambda _prompt="": next(typed))
    printed: list[str] = []
    real_print = practice_cmd.console.print

    def spy(*objects: Any, **kwargs: Any) -> None:
        printed.append("".join(str(o) for o in objects))
        real_print(*objects, **kwargs)

    monkeypatch.setattr(practice_cmd.console, "print", spy)
    practice_cmd._interactive(call, store, resumed=False)
    assert actor.calls == ["stream"]
    start = printed.index("Customer: ")
    assert printed[start + 1 : start + 5] == ["Well,", " go", " on", " then."]


def test_the_offline_customer_streams_the_same_line_word_by_word() -> None:
    from simulator.practice import SessionEngine  # noqa: PLC0415

    spoken, streamed = (
        SessionEngine(default_content(), SETUP),
        SessionEngine(default_content(), SETUP),
    )
    pieces: list[str | None] = []
    opening, state = spoken.start()
    assert streamed.start(pieces.append)[0] == opening
    assert "".join(p for p in pieces if p) == opening and len(pieces) > 1
    text = "I'm sorry about the wait. What happened this morning?"
    pieces.clear()
    assert streamed.step(state, text, pieces.append).reply == spoken.step(state, text).reply
    assert "".join(p for p in pieces if p) == spoken.step(state, text).reply


def test_the_page_offers_a_usable_model_of_any_provider_and_streams_it(
    acme: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    monkeypatch.setenv("DEFUSE_MODEL", "acme:page-model")
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    assert at.selectbox(key="pick_actor").options == ["offline", "acme:page-model"]
    at.selectbox(key="pick_persona").set_value("impatient")
    at.selectbox(key="pick_scenario").set_value("hvac_missed_window")
    at.selectbox(key="pick_actor").set_value("acme:page-model").run()
    at.button(key="start_call").click().run()
    assert not at.exception
    assert at.session_state["call"].choice == ModelSpec("acme", "page-model")
    at.chat_input(key="reply").set_value("Which day did the technician first miss?").run()
    assert not at.exception
    replies = [m.markdown[0].value for m in at.chat_message if m.name == "Customer"]
    assert replies[-1].startswith("Right, so where is engineer number")
    acme.usable = False
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    assert at.selectbox(key="pick_actor").options == ["offline"]


def test_a_model_alone_means_the_llm_and_a_contradiction_is_one_line(
    acme: FakeProvider,
) -> None:
    result = runner.invoke(
        app,
        [*("practice", "--model", "acme:named", "--persona", "impatient"), "--report", "json"],
        input="I'm sorry. What happened this morning?\n/end\n",
    )
    assert result.exit_code == 0, result.output
    assert acme.built == ["acme:named"]
    for args in (
        ["practice", "--actor", "offline", "--model", "acme:named"],
        ["grade", "x.txt", "--judge", "rules", "--model", "acme:named"],
    ):
        refused = runner.invoke(app, args, input="hello\n")
        assert refused.exit_code == 1, refused.output
        assert "--model names the LLM" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1


def test_a_bad_price_table_stops_an_llm_call_before_it_starts(
    acme: FakeProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prices = tmp_path / "prices.yaml"
    monkeypatch.setenv("DEFUSE_PRICES", str(prices))
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path / "home"))
    cases = {
        "- a list\n": "prices.yaml:1: expected a mapping; got list",
        "acme:customer-b: {prompt: 1.0}\n": "acme:customer-b.completion: missing",
        "acme:customer-b: {prompt: -1, completion: 2}\n": "expected a number at least 0",
        "x: {prompt: 1, completion: 2, typo: 3}\n": "x.typo: unknown field",
        "x: [\n": "prices.yaml:2: invalid YAML",
    }
    args = ["practice", "--model", "acme:customer-b", "--persona", "impatient"]
    for text, message in cases.items():
        prices.write_text(text, encoding="utf-8")
        result = runner.invoke(app, args, input="Hello, what happened?\n/end\n")
        assert result.exit_code != 0, text
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], result.output
        assert "Traceback" not in result.output
    for model in acme.models:  # built, but never asked for a line: not even the opening
        assert "engineer number 0," in str(next(model.messages).content)
