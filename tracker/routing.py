"""Topic -> section from the routing table file, for callers that have no database at hand (e.g. `yuqing classify`)."""

from __future__ import annotations

from tracker import config

TRIAGE_LABEL = "待分拣"


def section_for_topic(topic: str | None) -> tuple[str, str]:
    """(section key, section name) the routing table sends `topic` to; unknown or no topic -> the triage section."""
    table = config.routing()
    route = table.topics.get(topic or "")
    key = route.section if route else table.triage_section
    return key, table.sections[key]


def topics() -> list[str]:
    """Every topic of the routing table, in file order."""
    return list(config.routing().topics)
