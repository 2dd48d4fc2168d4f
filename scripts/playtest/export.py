"""Export a play-test folder (harness state) to a graded-set folder: transcripts, logs, scores.json."""
import importlib.machinery
import importlib.util
import json
import sys
from pathlib import Path
loader = importlib.machinery.SourceFileLoader("play", str(Path(__file__).with_name("play")))
spec = importlib.util.spec_from_loader("play", loader); play = importlib.util.module_from_spec(spec); loader.exec_module(play)
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
(dst / "calls").mkdir(parents=True, exist_ok=True); (dst / "calm").mkdir(exist_ok=True)
scores = {}
for d in sorted(p for p in src.iterdir() if (p / "meta.json").exists()):
    m = json.loads((d / "meta.json").read_text())
    sc = m.get("score")
    if not sc:
        print("unscored", d.name); continue
    if m.get("calm"):
        (dst / "calm" / f"{d.name}.txt").write_text((d / "transcript.txt").read_text())
        scores[d.name] = {"persona": None, "case": m.get("case"), "difficulty": None,
            "trainee": "calm: " + m.get("trainee_type", "").replace("calm: ", ""), "tester": m.get("tester"),
            "trainer_score": sc["trainer_score"], "weakest": sc["weakest_step"], "coherence": None,
            "file": f"calm/{d.name}.txt", "call_log": None, "notes": sc.get("notes", "")}
        continue
    turns, outcome, out = play.conversation(m, [l for l in m["lines"] if l.strip().lower() != "/end"])
    if not turns:
        sys.exit(f"export: {d.name}: the call did not replay (set PLAYTEST_ENGINE and PLAYTEST_PYTHON as when it was played): {out.stderr[-300:]}")
    said = [(s, __import__("re").sub(r"\s*\[heat [0-9.]+\]$", "", t)) for s, t in turns]
    tr = {"turns": [{"speaker": s, "text": t} for s, t in said if t.strip()]}  # an ended call can leave the customer silent
    (dst / "calls" / f"{d.name}.json").write_text(json.dumps(tr, indent=1))
    log = None
    if m.get("call_log"):
        (dst / "calls" / f"{d.name}.log.json").write_text(json.dumps(m["call_log"], indent=1)); log = f"calls/{d.name}.log.json"
    scores[d.name] = {"persona": m["persona"], "case": m["scenario"], "difficulty": m["difficulty"],
        "trainee": m.get("trainee_type"), "tester": m.get("tester"), "seed": m["seed"], "outcome": m.get("outcome"),
        "trainer_score": sc["trainer_score"], "weakest": sc["weakest_step"], "coherence": sc.get("coherence"),
        "worst_moments": sc.get("worst_moments", ""), "file": f"calls/{d.name}.json", "call_log": log, "notes": sc.get("notes", "")}
(dst / "scores.json").write_text(json.dumps(scores, indent=1))
print(len(scores), "calls")
