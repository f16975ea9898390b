"""Answers for every root-to-plan route of the decision tree, as a borrower would type them.

Free inputs get values of their declared type; the dates of steps already taken rotate through several
ages so that, across routes, waiting periods are seen both running and over.
"""

import datetime as dt

from guidance import tree as trees

TREE = trees.load()
ROUTES = trees.paths(TREE)
TODAY = dt.date(2026, 11, 23)

SAMPLE_TEXT = {
    "lender_name": "某某消费金融有限公司",
    "app_name": "某某借",
    "collector_name": "某某信息咨询有限公司",
}


def typed_value(item, today: dt.date, route_index: int) -> str:
    """What a borrower would type into one free input."""
    if item.type == "date":
        days = 45 if item.field == "harassment.first_seen" else [3, 16, 40, 90][route_index % 4]
        return (today - dt.timedelta(days=days)).isoformat()
    if item.type == "integer":
        return str(10 + route_index % 50)
    if item.type == "phone_list":
        return "170 1234 5678\n+86 138-0013-8000\n10690000123456"
    return SAMPLE_TEXT.get(item.id, "某某")


def node_posts(route, today: dt.date = TODAY, route_index: int = 0):
    """[(node id, that question's form data)] in the order the borrower answers."""
    posts = []
    for node_id, choice in route.steps:
        node = TREE.nodes[node_id]
        if node.kind in ("single", "multi"):
            posts.append((node_id, {"choice": [choice]}))
        elif node.kind == "input":
            posts.append((node_id, {item.id: typed_value(item, today, route_index) for item in node.inputs}))
        else:
            posts.append((node_id, {}))
    return posts


def screen_data(node_id: str, data: dict) -> dict:
    """One question's form data as a screen's form names it ("<node id>-<field>": several questions share a page)."""
    return {f"{node_id}-{key}": value for key, value in data.items()}


def route_posts(route, today: dt.date = TODAY, route_index: int = 0):
    """[(the first question of a screen, that screen's POST data)] in the order the borrower posts them."""
    posts: list[tuple[str, dict]] = []
    for node_id, data in node_posts(route, today, route_index):
        start = trees.screen_nodes(TREE, node_id)[0].id
        if posts and posts[-1][0] == start:
            posts[-1][1].update(screen_data(node_id, data))
        else:
            posts.append((start, screen_data(node_id, data)))
    return posts


def route_answers(route, today: dt.date = TODAY, route_index: int = 0) -> dict:
    """The session answers the same route produces (cleaned the way the web flow cleans them)."""
    from django.http import QueryDict

    from guidance.answers import clean_answer

    answers = {}
    for node_id, data in node_posts(route, today, route_index):
        query = QueryDict(mutable=True)
        for key, value in data.items():
            if isinstance(value, list):
                query.setlist(key, value)
            else:
                query[key] = value
        answer, errors = clean_answer(TREE.nodes[node_id], query, today=today)
        assert not errors, (node_id, errors)
        answers[node_id] = answer
    return answers


ROUTE_PARAMS = [(index, route) for index, route in enumerate(ROUTES)]
ROUTE_IDS = [f"{index:03d}-{route.id}" for index, route in enumerate(ROUTES)]
