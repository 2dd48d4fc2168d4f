"""Content: browse personas, scenarios and rubrics; upload a YAML file and validate it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from simulator.app.common import content, user
from simulator.content import KINDS, ContentError, content_dirs, load_content
from simulator.content.loader import YAML_SUFFIXES
from simulator.practice.desk import desk_for, desk_markdown


def validate_upload(kind_folder: str, name: str, data: bytes) -> list[str]:
    """Problems with an uploaded file, each as `file:line: field: what was expected`."""
    base = Path(name)
    if base.suffix.lower() not in YAML_SUFFIXES or not base.stem:
        return [f"{base.name}: expected a file name ending in .yaml or .yml, e.g. my_persona.yaml"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / kind_folder / base.with_suffix(base.suffix.lower()).name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        try:
            load_content([*content_dirs(), Path(folder)])
        except ContentError as exc:
            return [
                f"{Path(p.path).name}:{p.line}: {p.field + ': ' if p.field else ''}{p.message}"
                for p in exc.problems
            ]
    return []


def render() -> None:
    """The Content page."""
    data = content()
    st.title("Content")
    personas, scenarios, rubrics, upload = st.tabs(
        ["Personas", "Scenarios", "Rubrics", "Validate a file"]
    )
    with personas:
        pid = st.selectbox(
            "Persona", list(data.personas), format_func=lambda p: data.personas[p].title
        )
        persona = data.personas[pid]
        st.markdown(f"**{persona.title}**: {persona.summary}")
        st.markdown("\n".join(f"- {b}" for b in persona.behaviours))
        st.markdown(
            f"**Better first move:** {persona.better_first_move.explanation}  \n"
            f"_e.g._ \u201c{persona.better_first_move.example}\u201d"
        )
        st.json(persona.model_dump(mode="json"), expanded=False)
    with scenarios:
        sid = st.selectbox(
            "Scenario", list(data.scenarios), format_func=lambda s: data.scenarios[s].title
        )
        scenario = data.scenarios[sid]
        st.markdown(f"**{scenario.title}** ({scenario.industry}): {scenario.summary}")
        st.markdown(desk_markdown(desk_for(scenario)))
        if user().is_coach:  # the whole case file is the answer key: coaches only
            st.json(scenario.model_dump(mode="json"), expanded=False)
        else:
            st.caption(
                "What went wrong and what the customer wants are for the call to find out; "
                "coaches signed in see the whole case file here."
            )
    with rubrics:
        for rubric_id in data.rubrics:
            rubric = data.rubric(rubric_id)
            st.markdown(f"**{rubric.title}** v{rubric.version}")
            for step in rubric.steps:
                st.markdown(
                    f"- **{step.number} {step.title}** (weight {step.weight:g}): {step.goal}"
                )
    with upload:
        kinds = {kind.folder: kind.name for kind in KINDS}
        folder = st.selectbox(
            "Kind of file", list(kinds), format_func=kinds.__getitem__, key="upload_kind"
        )
        file = st.file_uploader("YAML file", type=["yaml", "yml"], key="upload_file")
        if file is not None:
            problems = validate_upload(folder, file.name, file.getvalue())
            if problems:
                st.error(f"{len(problems)} problem(s) found")
                st.code("\n".join(problems), language=None)
            else:
                st.success(f"{file.name} is valid.")
