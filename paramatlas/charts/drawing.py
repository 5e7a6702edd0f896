"""What the pictures drawn without the chart engine share: their templates, how a value becomes
a place on the picture, and the engine's own rules they follow (a log axis's nice domain, a
colour scheme's interpolation), so that a picture puts every mark where Vega would.

A picture fits every screen: horizontal places are percentages of its width, text and vertical
places are pixels, so labels keep their size on a phone."""

from __future__ import annotations

import functools
import math

import jinja2

# Vega's schemes as its bundle defines them (vega-scale): the categorical "tableau20" and the
# stops of the continuous "blues".
TABLEAU20 = tuple(
    "#"
    + "4c78a89ecae9f58518ffbf7954a24b88d27ab79a20f2cf5b43989483bcb6e45756ff9d98"
    "79706ebab0acd67195fcbfd2b279a2d6a5c99e765fd8b5a5"[i : i + 6]
    for i in range(0, 120, 6)
)
BLUES = tuple(
    "#" + "cfe1f2bed8eca8cee58fc1de74b2d75ba3cf4592c63181bd206fb2125ca40a4a90"[i : i + 6]
    for i in range(0, 66, 6)
)
# Vega's shapes for a nominal field, in the order it hands them out.
SHAPES = ("circle", "square", "cross", "diamond", "triangle-up")


@functools.cache
def template(name: str) -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("paramatlas", "templates"),
        autoescape=True,  # names, vendors and titles come from data
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(name)


def one_line(svg: str) -> str:
    """The picture on one line: it sits in a Markdown page's raw HTML block, which a line break
    followed by indentation or a blank line could end or turn into code."""
    return "".join(svg.splitlines())


def px(value: float) -> str:
    return f"{value:.2f}"


def pct(value: float) -> str:
    return f"{value:.3f}%"


def nice_log_domain(values: list[float]) -> tuple[float, float]:
    """Vega's nice domain of a log scale: the powers of ten around the values."""
    low, high = min(values), max(values)
    return 10.0 ** math.floor(math.log10(low)), 10.0 ** math.ceil(math.log10(high))


def log_share(value: float, domain: tuple[float, float]) -> float:
    """Where a value sits on a log axis, from 0 (its low end) to 1."""
    low, high = (math.log10(v) for v in domain)
    return (math.log10(value) - low) / (high - low)


def size_label(value: float) -> str:
    """A size axis's label, as the charts' SIZE_LABEL expression writes it: 100M, 10B, 1T."""
    if value >= 1000:
        return f"{value / 1000:g}T"
    if value >= 1:
        return f"{value:g}B"
    return f"{value * 1000:g}M"


def ordinal(values: list[str], palette: tuple[str, ...]) -> dict[str, str]:
    """Vega's ordinal scale of a nominal field with no domain given: its values sorted, each
    given the palette's next entry, the palette repeated when they outnumber it."""
    return {v: palette[i % len(palette)] for i, v in enumerate(sorted(set(values)))}


def blues(value: float) -> str:
    """The colour of a share in Vega's continuous "blues" scheme: its stops interpolated in RGB
    and each channel rounded as d3 rounds it (half up)."""
    steps = len(BLUES) - 1
    t = min(max(value, 0.0), 1.0) * steps
    i = min(int(t), steps - 1)
    a, b = _rgb(BLUES[i]), _rgb(BLUES[i + 1])
    return "#" + "".join(
        f"{math.floor(x + (y - x) * (t - i) + 0.5):02x}" for x, y in zip(a, b, strict=True)
    )


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
