"""Sample responses on model pages: the sampling rule, the committed files, their checks, and
the page section that shows them."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from paramatlas.errors import DataErrors
from paramatlas.load import load_dataset
from paramatlas.pages import render_all
from paramatlas.upstream.samples import (
    PER_CELL,
    RESEARCHER,
    RESPONSE_CHARS,
    VERDICTS,
    cut,
    model_samples,
    names_the_researcher,
    pick,
    reason_kind,
    unnamed,
)
from paramatlas.views.report import build_report
from tests.conftest import DATA, UPSTREAM
from tests.tables import page_text

SAMPLES = "probes/samples/small-10b.json"
HOSTILE = "| <script>alert(1)</script> *x*"


def record(probe: str, verdict: str, response: str = "an answer") -> dict[str, str]:
    return {
        "probe_id": probe,
        "tier": probe.split("_")[1],
        "verdict": verdict,
        "question": f"question {probe}",
        "gold_answer": "gold",
        "model_response": response,
    }


RECORDS = [
    record("IKP_T1_0003", "CORRECT"),
    record("IKP_T1_0001", "CORRECT"),
    record("IKP_T1_0000", "CORRECT"),  # flagged below: never sampled
    record("IKP_T1_0002", "CORRECT"),
    record("IKP_T1_0004", "REFUSAL", "   "),  # a failed query: never sampled
    record("IKP_T1_0005", "REFUSAL", "I don't know."),
    record("IKP_T2_0200", "WRONG", "x" * 1000),
    record("IKP_T1_0006", "WRONG"),
]
CLEAN = {r["probe_id"] for r in RECORDS} - {"IKP_T1_0000"}


def test_the_first_clean_answered_probes_of_each_cell_in_id_order() -> None:
    picked = pick(RECORDS, CLEAN)
    assert [(s["probe_id"], s["verdict"]) for s in picked] == [
        ("IKP_T1_0001", "CORRECT"),
        ("IKP_T1_0002", "CORRECT"),
        ("IKP_T1_0006", "WRONG"),
        ("IKP_T1_0005", "REFUSAL"),
        ("IKP_T2_0200", "WRONG"),
    ]
    assert set(picked[0]) == {"probe_id", "tier", "verdict", "question", "gold_answer", "response"}


def researcher(probe: str, verdict: str, asked: str, response: str) -> dict[str, str]:
    question = (
        f"In computer science, what is the research subfield of {asked}, and name one paper, "
        "system, institution, or co-author associated with their work?"
    )
    return record(probe, verdict, response) | {"question": question, "source_type": "researcher"}


def test_a_researcher_probe_is_sampled_only_when_its_response_names_the_researcher() -> None:
    records = [
        # Answered about someone else than the question names (the question changed later).
        researcher("IKP_T7_1200", "WRONG", "Anna Riedmann", "Po-Shun Wang works on algebra."),
        researcher("IKP_T7_1201", "WRONG", "\u202aSurya Nepal\u202c", "Surya works on security."),
        researcher("IKP_T7_1202", "WRONG", "Sina Dang", "Dang studies HCI."),
        researcher("IKP_T7_1203", "REFUSAL", "Sina Dang", "I don't know."),
        record("IKP_T7_1204", "REFUSAL", "I don't know."),  # not a researcher probe
    ]
    clean = {r["probe_id"] for r in records}
    picked = [(s["probe_id"], s["verdict"]) for s in pick(records, clean)]
    assert picked == [
        ("IKP_T7_1201", "WRONG"),
        ("IKP_T7_1202", "WRONG"),
        ("IKP_T7_1204", "REFUSAL"),
    ]
    assert unnamed(records, clean) == 2
    assert not names_the_researcher(records[0]) and names_the_researcher(records[4])


def test_committed_samples_show_answers_to_the_question_shown(committed) -> None:
    """No committed sample of a researcher probe answers about another researcher."""
    shown = 0
    for _, samples in committed.samples:
        for s in samples.samples:
            asked = RESEARCHER.search(s.question)
            if asked:
                shown += 1
                words = [w for w in asked[1].split() if len(w) > 1]
                assert any(w.strip("\u202a\u202c").lower() in s.response.lower() for w in words)
        assert samples.unnamed > 0
    assert shown > 0


def test_sampling_is_deterministic_and_capped() -> None:
    shuffled = RECORDS[:]
    random.Random(7).shuffle(shuffled)
    assert pick(shuffled, CLEAN) == pick(RECORDS, CLEAN)
    assert [s["probe_id"] for s in pick(RECORDS, CLEAN, per_cell=1)][:1] == ["IKP_T1_0001"]
    assert max(Counter((s["tier"], s["verdict"]) for s in pick(RECORDS, CLEAN)).values()) == 2


def test_long_responses_are_cut_with_a_marker() -> None:
    assert cut("x" * RESPONSE_CHARS) == "x" * RESPONSE_CHARS
    assert cut("x" * (RESPONSE_CHARS + 1)) == "x" * RESPONSE_CHARS + "…"
    long = next(s for s in pick(RECORDS, CLEAN) if s["probe_id"] == "IKP_T2_0200")
    assert long["response"] == "x" * RESPONSE_CHARS + "…"


def test_reason_kind_drops_the_particulars() -> None:
    assert reason_kind("researcher name-collision (x2, cites [223, 154])") == (
        "researcher name-collision"
    )
    assert reason_kind("wikidata label-ambiguity ('Kosovo': ['region'])") == (
        "wikidata label-ambiguity"
    )


@pytest.fixture(scope="module")
def committed():
    return load_dataset(DATA)


def test_committed_samples_never_show_a_flagged_probe(committed) -> None:
    mask = json.loads((DATA / "probes" / "clean-1311.json").read_text())
    clean, flagged = set(mask["clean_ids"]), mask["flagged"]
    assert {s.model for _, s in committed.samples} == {
        "deepseek-v3",
        "gemini-3-flash",
        "qwen-2.5-7b",
    }
    for rel, samples in committed.samples:
        assert (DATA / rel).stat().st_size < 40_000, rel
        order = [(s.tier, VERDICTS.index(s.verdict), s.probe_id) for s in samples.samples]
        assert order == sorted(order) and order
        shown = {s.probe_id for s in samples.samples}
        assert not shown & set(flagged) and shown <= clean
        assert sum(samples.withheld.values()) == len(flagged) == 89
        cells = Counter((s.tier, s.verdict) for s in samples.samples)
        assert max(cells.values()) == samples.per_cell == PER_CELL


@pytest.mark.skipif(not UPSTREAM.is_dir(), reason="the IKP data pack is not beside the checkout")
def test_committed_samples_are_the_first_of_each_cell(committed) -> None:
    mask = json.loads((DATA / "probes" / "clean-1311.json").read_text())
    for _, samples in committed.samples:
        pack = json.loads((UPSTREAM / "data/results" / f"{samples.model}.json").read_text())
        want = pick(pack["results"], set(mask["clean_ids"]))
        assert [s.model_dump() for s in samples.samples] == want


def edit(data: Path, **change: object) -> None:
    path = data / SAMPLES
    path.write_text(json.dumps(json.loads(path.read_text()) | change), encoding="utf-8")


def four_way(data: Path) -> None:
    """A copy of the sampled run, scored with 4-way researcher verdicts."""
    run = json.loads((data / "results/small-10b/r1.json").read_text())
    run["scoring"]["researcher_verdicts"] = "4-way"
    run["run_id"] = "r1-4way"
    (data / "results/small-10b/r1-4way.json").write_text(json.dumps(run), encoding="utf-8")
    edit(data, run="r1-4way")


def sample(data: Path, i: int, **change: object) -> None:
    samples = json.loads((data / SAMPLES).read_text())["samples"]
    samples[i] |= change
    edit(data, samples=samples)


@pytest.mark.parametrize(
    ("setup", "field", "words"),
    [
        (lambda d: sample(d, 1, verdict="MAYBE"), "samples[1].verdict", "got 'MAYBE'"),
        (lambda d: sample(d, 0, probe_id="T1-1"), "samples[0].probe_id", "got 'T1-1'"),
        (lambda d: sample(d, 0, tier="T3"), "(file)", "samples[0]: tier T3 is not the tier"),
        (lambda d: sample(d, 3, response="y" * 90), "(file)", "samples[3]: response over"),
        (lambda d: edit(d, per_cell=0), "per_cell", "expected a value ≥ 1"),
        (lambda d: sample(d, 2, verdict="WRONG"), "(file)", "more samples of T2 WRONG than"),
        (lambda d: edit(d, probes=99), "(file)", "probes 99 is not clean 70 + withheld 3"),
        (lambda d: edit(d, extra=1), "extra", "unknown field"),
        (lambda d: edit(d, run="r9"), "run", "no run 'r9' of 'small-10b'"),
        (four_way, "run", "results/small-10b/r1-4way.json is scored otherwise"),
        (lambda d: edit(d, model="tiny-1b"), "model", "does not match the file name"),
    ],
)
def test_a_bad_samples_file_is_named(data_min: Path, run_cli, setup, field, words) -> None:
    setup(data_min)
    code, out, err = run_cli("--data", str(data_min), "validate")
    assert code == 1 and out == "" and "Traceback" not in err
    named = [line for line in err.splitlines() if line.startswith(f"{SAMPLES}: {field}")]
    assert named and words in "\n".join(named), err


def test_samples_must_repeat_the_runs_counts(data_min: Path, run_cli) -> None:
    tiers = json.loads((data_min / SAMPLES).read_text())["tiers"]
    tiers["T2"] |= {"correct": 7, "wrong": 2}
    edit(data_min, tiers=tiers)
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert code == 1
    assert (
        f"{SAMPLES}: tiers.T2: correct, wrong, refusal, query_errors (7, 2, 1, 0) differ from "
        "the run's (expected those of results/small-10b/r1.json: (8, 1, 1, 0))"
    ) in err


def test_the_page_section_escapes_what_the_data_say(data_min: Path) -> None:
    sample(data_min, 0, question="Q `x` \n | y", gold_answer="<b>g</b>", response=HOSTILE)
    pages = render_all(build_report(load_dataset(data_min)))
    page = pages["models/small-10b.md"]
    section = page.split("## Sample responses { data-search-exclude }\n")[1].split("\n## ")[0]
    assert "<script" not in section and "<b>" not in section
    row = next(line for line in section.splitlines() if line.startswith("<tr><td>T1</td>"))
    assert row == (
        "<tr><td>T1</td><td>Correct</td><td>Q `x` | y</td><td>&lt;b&gt;g&lt;/b&gt;</td>"
        "<td>| &lt;script&gt;alert(1)&lt;/script&gt; *x*</td></tr>"
    )
    assert "3 probes that upstream flagged as unreliable are withheld" in section
    assert "Probes and responses: IKP data pack (" in page_text(section)
    assert all("Sample responses" not in p for k, p in pages.items() if k != "models/small-10b.md")


def test_committed_models_with_samples_get_the_section() -> None:
    pages = render_all(build_report(load_dataset(DATA)))
    with_section = sorted(k for k, p in pages.items() if "## Sample responses" in p)
    assert with_section == [
        "models/deepseek-v3.md",
        "models/gemini-3-flash.md",
        "models/qwen-2.5-7b.md",
    ]
    page = pages["models/qwen-2.5-7b.md"]
    assert "scored on\n1198 probes of the cleaned subset, after 113 failed queries" in page
    assert "researcher name-collision (59), wikidata label-ambiguity (29)" in page
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in page


@pytest.mark.parametrize(
    ("change", "field"),
    [({"verdict": "MAYBE"}, "results[1].verdict"), ({"tier": "T9"}, "results[1].tier")],
)
def test_a_malformed_pack_file_is_named(tmp_path: Path, change: dict, field: str) -> None:
    records = [record("IKP_T1_0001", "CORRECT"), record("IKP_T1_0002", "WRONG") | change]
    (tmp_path / "data/results").mkdir(parents=True)
    path = tmp_path / "data/results/tiny.json"
    path.write_text(json.dumps({"model_name": "tiny", "results": records}), encoding="utf-8")
    mask = {"clean_ids": ["IKP_T1_0001", "IKP_T1_0002"], "flagged": {}}
    with pytest.raises(DataErrors) as caught:
        model_samples(tmp_path, "tiny", mask)
    assert str(caught.value.errors[0]).startswith(f"{path}: {field}: missing or malformed")
