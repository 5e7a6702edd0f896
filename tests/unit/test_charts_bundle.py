"""The chart script the site serves is bundled once, not at every build, and cannot fall behind
the pinned vl-convert or the renderer it bundles."""

from __future__ import annotations

from pathlib import Path

import pytest
import vl_convert

from paramatlas.build import docs_files
from paramatlas.charts import bundle
from paramatlas.load import load_dataset
from paramatlas.views.report import build_report
from tests.conftest import FIXTURES


def test_the_shipped_bundle_is_what_vl_convert_bundles_from_the_renderer_today() -> None:
    shipped = bundle.BUNDLE.read_text(encoding="utf-8")
    assert shipped == bundle.bundled(), "the chart script is out of date: run make charts-bundle"
    assert "function paramatlasRenderCharts" in shipped


def test_the_bundle_names_what_it_holds_and_its_licence_ships_beside_it() -> None:
    first_line = bundle.BUNDLE.read_text(encoding="utf-8").splitlines()[0]
    for library in ("Vega ", "Vega-Lite ", "vega-embed ", f"vl-convert {vl_convert.__version__}"):
        assert library in first_line
    assert "see vendor/vega.LICENCE" in first_line
    licence = (bundle.BUNDLE.parent / "vendor" / "vega.LICENCE").read_text(encoding="utf-8")
    assert "University of Washington Interactive Data Lab" in licence


def test_a_build_serves_the_shipped_bundle_without_bundling(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # nothing kept from an earlier build

    def refuse(*args: object, **kwargs: object) -> str:
        msg = "a build bundled the chart script"
        raise AssertionError(msg)

    monkeypatch.setattr(vl_convert, "javascript_bundle", refuse)
    files = dict(docs_files(build_report(load_dataset(FIXTURES / "data_min"))))
    assert files["assets/js/paramatlas-charts.js"] == bundle.BUNDLE.read_bytes()
    assert files["assets/js/vendor/vega.LICENCE"]
