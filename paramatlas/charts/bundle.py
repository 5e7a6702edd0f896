"""The script that draws the interactive charts: Vega, Vega-Lite, vega-embed and the site's
renderer (templates/embed.js) in one classic script, shipped with the site's assets.

Bundling starts vl-convert's JavaScript engine and takes about 2.7 s of CPU on a fresh
machine, for the same bytes whenever vl-convert and the renderer are the same: it is done when
either changes (`make charts-bundle`), not at every build. A test holds the shipped file to a
fresh bundle, so it cannot fall behind either.
"""

from __future__ import annotations

from pathlib import Path

import vl_convert

PACKAGE = Path(__file__).resolve().parents[1]
RENDERER = PACKAGE / "templates" / "embed.js"
BUNDLE = PACKAGE / "site" / "assets" / "js" / "paramatlas-charts.js"


def bundled() -> str:
    """The bundle as vl-convert makes it from the renderer today."""
    renderer = RENDERER.read_text(encoding="utf-8")
    header = (
        f"/*! Vega {vl_convert.get_vega_version()}, Vega-Lite "
        f"{vl_convert.get_vegalite_versions()[-1]}, vega-embed "
        f"{vl_convert.get_vega_embed_version()}: BSD-3-Clause, see vendor/vega.LICENCE. "
        f"Bundled with templates/embed.js by vl-convert {vl_convert.__version__} "
        "(make charts-bundle). */\n"
    )
    # A function scope keeps the bundle's top-level names out of the page's global scope.
    return header + "(function () {\n" + vl_convert.javascript_bundle(renderer) + "\n})();\n"


def main() -> None:
    BUNDLE.write_text(bundled(), encoding="utf-8")
    print(f"wrote {BUNDLE.relative_to(PACKAGE.parent)} ({BUNDLE.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
