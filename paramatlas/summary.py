"""A pull request's effect, for its CI job summary: what the change moves, in Markdown.

It always speaks: when the data do not validate, it lists the problems and what to do."""

from __future__ import annotations

import html
from typing import Any

from paramatlas.errors import DataErrors
from paramatlas.hazards import HAZARDS
from paramatlas.present import fmt_b
from paramatlas.release import changes
from paramatlas.views.report import Report

# What each flag means, in its explanation's first sentence (the hazards page has the rest).
MEANING = {h.id: h.explanation.split(". ")[0].rstrip(".") + "." for h in HAZARDS}
PRINTED = ("estimate_text", "range_text", "grade")


def cell(text: object) -> str:
    """Text from the data inside a Markdown table cell: one line, no column break, no markup."""
    text = html.escape(str(text), quote=False).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("`", "\\`").replace("\n", " ")


def compare_markdown(
    base: dict[str, Any],
    head: dict[str, Any],
    refits: list[str] | None = None,
    runs: list[str] | None = None,
) -> str:
    """Answers that moved (known size, before, after, plausible range, grade, why; an answer
    whose estimate, range and grade all print as before is left out), hazard flags raised and
    cleared with what each means, every run added or edited with its reading and flags (a
    flagged run may not stand for its model, so no answer shows it), and the refit what-ifs
    the change alters."""
    lines = ["## Answers this change moves", ""]

    def printed(ledger: dict[str, Any], slug: str) -> dict[str, Any]:
        return (ledger["models"].get(slug) or {}).get("answer") or {}

    moves = [
        m
        for m in changes(base, head)
        if (m.ratio is None or f"{m.ratio:.3g}" != "1")
        or {k: printed(base, m.model).get(k) for k in PRINTED}
        != {k: printed(head, m.model).get(k) for k in PRINTED}
    ]
    if moves:
        lines += [
            "| Model | Known size | Before | After | Plausible range after | Grade after | Move "
            "| Why |",
            "|---|---:|---:|---:|---|---|---:|---|",
        ]
        for m in moves:
            ratio = f"×{m.ratio:.3g}" if m.ratio else "—"
            before, after = printed(base, m.model), printed(head, m.model)
            known = (head["models"].get(m.model) or base["models"][m.model]).get("known_B")
            entry = head["models"].get(m.model) or {}
            why = [*m.reasons, *(["no run yet"] if entry and not entry.get("runs") else [])]
            lines.append(
                f"| {m.model} | {fmt_b(known) if known else '—'} | "
                f"{before.get('estimate_text', '—')} | {after.get('estimate_text', '—')} | "
                f"{after.get('range_text', '—')} | {(after.get('grade') or '—').lower()} | "
                f"{ratio} | {'; '.join(why)} |"
            )
    else:
        lines.append("No answer moves.")
    raised, cleared = _flag_changes(base, head)
    lines += ["", "## Hazard flags raised", "", *(raised or ["None."])]
    lines += ["", "## Hazard flags cleared", "", *(cleared or ["None."])]
    lines += ["", "## Runs added or edited", "", *(runs or ["None."])]
    if refits:
        lines += ["", "## Refit what-ifs", "", *refits]
    return "\n".join(lines) + "\n"


def _flag_changes(base: dict[str, Any], head: dict[str, Any]) -> tuple[list[str], list[str]]:
    raised, cleared = [], []
    for slug in sorted(head["models"].keys() | base["models"].keys()):
        now = set(((head["models"].get(slug) or {}).get("estimate") or {}).get("flags", []))
        old = set(((base["models"].get(slug) or {}).get("estimate") or {}).get("flags", []))
        raised += [_flag(slug, flag) for flag in sorted(now - old)]
        cleared += [_flag(slug, flag) for flag in sorted(old - now)]
    return raised, cleared


def _flag(slug: str, flag: str) -> str:
    return f"- {slug}: {meaning(flag)}"


def meaning(flag: str) -> str:
    return f"`{flag}`: {MEANING.get(flag, 'see the hazards page.')}"


def run_lines(base: Report, head: Report) -> list[str]:
    """Every run the change adds or edits: what it reads, whether it stands for its model, and
    its flags with what each means."""
    before = {(v.entry.slug, r.result.run_id): r.result for v in base.models for r in v.runs}
    lines = []
    for view in head.models:
        standing = view.estimate.run_id if view.estimate else None
        for run in view.runs:
            old = before.get((view.entry.slug, run.result.run_id))
            if old == run.result:
                continue
            e = run.estimate
            reading = (
                f"reads {fmt_b(e.params_B)} ({e.calibration}, λ = {e.lam:g})"
                if e
                else f"no reading ({run.estimate_error or 'no calibration reads it'})"
            )
            known = view.entry.params_B
            stands = "stands for the model" if run.result.run_id == standing else "does not stand"
            lines.append(
                f"- {view.entry.slug}, run {run.result.run_id} ({'edited' if old else 'new'}): "
                f"{reading}{f' against a known {fmt_b(known)}' if known else ''}; {stands}"
            )
            lines += [f"  - {meaning(f.id)}" for f in run.flags]
    return lines


def refit_lines(base: Report, head: Report) -> list[str]:
    """Per calibration whose refit what-if the change alters (a new open model of known size
    joins it, one leaves, or one is read from another run): who, and how the refit moves. The
    published fit never moves."""
    before = {c.spec.name: c for c in base.calibrations}
    lines = []
    for view in head.calibrations:
        old = before.get(view.spec.name)
        if old is None or view.refit_changes == old.refit_changes or view.refit is None:
            continue
        was = old.refit or old.headline
        now = view.refit
        moved = {
            key: sorted(set(view.refit_changes.get(key, [])) - set(old.refit_changes.get(key, [])))
            for key in ("joins", "leaves", "changes")
        }
        who = "; ".join(f"{key}: {', '.join(slugs)}" for key, slugs in moved.items() if slugs)
        slope = f"slope {was.fit.slope:.4f} → {now.fit.slope:.4f}"
        factor = f"×{was.fit.pi90_factor:.2f} → ×{now.fit.pi90_factor:.2f}"
        lines.append(
            f"- {view.spec.name} ({who or 'its refit changes'}): a refit by its rule would fit "
            f"{now.fit.n} models (before this change {was.fit.n}; the published fit "
            f"{view.headline.fit.n}), {slope}, 90% prediction factor {factor}; the published "
            "fit does not move (its calibration page shows the what-if)."
        )
    return lines


def errors_markdown(errors: DataErrors, side: str) -> str:
    """The problems that stop the data from validating, as the job summary's first section."""
    rows = [
        f"| {cell(e.file)} | {cell(e.field)} | {cell(e.problem)} | {cell(e.expected)} |"
        for e in errors.errors
    ]
    count = f"{len(rows)} problem{'s' if len(rows) != 1 else ''}"
    return (
        "\n".join(
            [
                f"## The {side} data do not validate ({count})",
                "",
                "| File | Field | Problem | Expected |",
                "|---|---|---|---|",
                *rows,
                "",
                "Fix each, then run `make validate` (or `paramatlas validate PATH`) before pushing "
                "again: nothing was compared and no site was built from these data.",
            ]
        )
        + "\n"
    )
