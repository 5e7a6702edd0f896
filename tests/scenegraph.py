"""Vega's own drawing of a spec, which the pictures written without the engine are held to."""

from __future__ import annotations

import vl_convert


def scenegraph_items(spec: dict, marktype: str, role: str = "mark", width: int = 1000) -> list:
    """The items of the scenegraph's marks of one type (rect, rule, symbol, text) and role
    (data marks by default), in drawing order; a spec that follows its container is drawn
    `width` pixels wide."""
    spec = {**spec, "width": width} if spec.get("width") == "container" else spec
    found: list[dict] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("marktype") == marktype and node.get("role") == role:
                found.extend(node["items"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(vl_convert.vegalite_to_scenegraph(spec))
    return found
