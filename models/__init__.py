"""SQLModel tables and the database engine/session factory; imports nothing else of the project."""

from models.tables import (  # noqa: F401
    Case,
    CaseSequence,
    CrawlRun,
    Deadline,
    DeadlineRule,
    Event,
    HolidayOverride,
    Message,
    ModelVersion,
    RoutingRule,
    Section,
    Source,
    Staff,
    Topic,
)
