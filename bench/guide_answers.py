"""What a borrower answers on each screen of the guide, for the benchmarks that walk it (bench/load.py,
bench/guide_cpu.py): free inputs get a plausible value of their type, and questions that share a screen are answered
in one POST, their fields named "<question>-<field>"."""

from __future__ import annotations

import datetime as dt
import random

from guidance import tree as trees


def answer(node, today: dt.date, rng: random.Random) -> dict:
    """What a borrower would type at one input node of a route."""
    values = {}
    for item in node.inputs:
        if item.type == "date":
            values[item.id] = (today - dt.timedelta(days=rng.choice([3, 16, 40]))).isoformat()
        elif item.type == "integer":
            values[item.id] = str(rng.randint(5, 60))
        elif item.type == "phone_list":
            values[item.id] = f"170 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        else:
            values[item.id] = "某某"
    return values


def screens(tree, route, today: dt.date, rng: random.Random) -> list[tuple[str, dict]]:
    """[(a screen's first question, the screen's form data)] for one route of `tree`."""
    posts: list[tuple[str, dict]] = []
    for node_id, choice in route.steps:
        node = tree.nodes[node_id]
        data = {"choice": [choice]} if node.kind in ("single", "multi") else answer(node, today, rng)
        named = {f"{node_id}-{key}": value for key, value in data.items()}
        first = trees.screen_nodes(tree, node_id)[0].id
        if posts and posts[-1][0] == first:
            posts[-1][1].update(named)
        else:
            posts.append((first, named))
    return posts
