"""Charts drawn at build time: the SVG a reader sees at once, before (and without) the
interactive chart, whose 0.9 MB bundle then loads only when the reader reaches for it."""

from __future__ import annotations

import functools
import json
import re

import vl_convert

from paramatlas.cache import digest, kept_text
from paramatlas.charts.common import Spec

# One picture for screens at least as wide as Material's tablet breakpoint, one for phones:
# drawn to fit their content column (about 1,000 and 360 px with labels and legend), so
# neither is scaled into unreadable text.
WIDTHS = {"wide": 680, "narrow": 230}
NARROW_MEDIA = "(max-width: 44.9375em)"
# On a phone, long axis labels are cut shorter and the legend goes below the plot.
PHONE_LABEL_LIMIT = 110
INERT_CHANNELS = frozenset({"href", "tooltip"})


def picture_svg(spec: Spec, width: int) -> str:
    """The chart drawn as SVG, `width` pixels wide where the spec follows its container."""
    return _draw(json.dumps(spec, sort_keys=True), width)


@functools.lru_cache(maxsize=32)
def _draw(spec_json: str, width: int) -> str:
    spec = _as_picture(json.loads(spec_json))
    if width < WIDTHS["wide"]:
        spec = _for_phone(spec)
        config = spec.setdefault("config", {})
        config["legend"] = {**config.get("legend", {}), "orient": "bottom", "columns": 2}
        config["axis"] = {**config.get("axis", {}), "labelLimit": PHONE_LABEL_LIMIT}
    if spec.get("width") == "container":
        spec["width"] = width
    # Drawing takes 10 ms to 1 s a chart, and the same spec always gives the same picture:
    # pictures are kept between builds, named by the drawer's version and the spec drawn.
    drawn = json.dumps(spec, sort_keys=True)
    name = f"pictures/{digest(vl_convert.__version__, drawn)}.svg"
    return kept_text(name, lambda: vl_convert.vegalite_to_svg(spec))


def _as_picture(spec: Spec) -> Spec:
    """The spec without what an image cannot use: links and tooltips (nothing in an <img> can
    be clicked or hovered) and ARIA labels on every mark (the picture is decorative; the
    chart's description is on its container). This halves the file."""
    config = {**spec.get("config", {}), "aria": False}
    return {**_without(spec, INERT_CHANNELS), "config": config}


def _without(node: object, channels: frozenset[str]) -> object:
    """The spec with those encoding channels left out of every layer."""
    if isinstance(node, dict):
        return {
            key: {c: v for c, v in value.items() if c not in channels}
            if key == "encoding" and isinstance(value, dict)
            else _without(value, channels)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_without(value, channels) for value in node]
    return node


def _for_phone(node: object) -> object:
    """The spec with every label limit at most PHONE_LABEL_LIMIT pixels."""
    if isinstance(node, dict):
        return {
            key: min(value, PHONE_LABEL_LIMIT) if key == "labelLimit" else _for_phone(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_for_phone(value) for value in node]
    return node


def svg_size(svg: str) -> tuple[int, int]:
    """The drawn width and height, for the page to reserve the room before the file loads."""
    found = re.search(r'<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', svg)
    if found is None:
        msg = "vl-convert drew an SVG without a width and height"
        raise ValueError(msg)
    return int(found.group(1)), int(found.group(2))
