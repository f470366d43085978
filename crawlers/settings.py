"""Scrapy settings: the house defaults (polite, AutoThrottle, robots.txt) and the per-source overrides from sources.toml."""

from __future__ import annotations

from typing import Any

from scrapy.settings import Settings

from crawlers.sources import SourceSpec

USER_AGENT = "yuqing/0.1 (某区民政局 舆情回应台账 public-opinion response ledger of a district civil-affairs bureau; +mailto:mzj-office@example.gov.cn)"

BASE: dict[str, Any] = {
    "BOT_NAME": "yuqing",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 60.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 30,
    "RETRY_ENABLED": False,  # PayloadCheckMiddleware retries (later, with backoff, counting throttles)
    "COOKIES_ENABLED": True,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "HTTPERROR_ALLOW_ALL": True,  # the payload check sees every status and decides
    "DOWNLOADER_MIDDLEWARES": {"crawlers.middlewares.PayloadCheckMiddleware": 560},
    "SPIDER_MIDDLEWARES": {"crawlers.middlewares.MalformedPageMiddleware": 1000},
    "ITEM_PIPELINES": {
        "crawlers.pipelines.normalise.NormalisePipeline": 100,
        "crawlers.pipelines.dedupe.DedupePipeline": 200,
        "crawlers.pipelines.classify.ClassifyPipeline": 300,
        "crawlers.pipelines.store.StorePipeline": 400,
    },
    "YUQING_MAX_RETRIES": 4,
    "YUQING_BACKOFF_BASE": 2.0,
    "YUQING_BREAKER_THRESHOLD": 8,
    "YUQING_STORE_BATCH": 100,
    "YUQING_ROUTER": "auto",  # auto (active model, trained on first use) | none (triage) | module:factory (tests)
}

# sources.toml key -> Scrapy setting (per-source switches)
PER_SOURCE = {
    "obey_robots": "ROBOTSTXT_OBEY",
    "autothrottle": "AUTOTHROTTLE_ENABLED",
    "start_delay": "AUTOTHROTTLE_START_DELAY",
    "download_delay": "DOWNLOAD_DELAY",
    "concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "timeout": "DOWNLOAD_TIMEOUT",
    "max_retries": "YUQING_MAX_RETRIES",
    "breaker_threshold": "YUQING_BREAKER_THRESHOLD",
    "user_agent": "USER_AGENT",
}


def settings_for(spec: SourceSpec, overrides: dict[str, Any] | None = None) -> Settings:
    """The settings of one source's crawler: house defaults, the source's switches, then run overrides (tests, bench)."""
    settings = Settings()
    settings.setmodule("scrapy.settings.default_settings", priority="default")
    settings.setdict(BASE, priority="project")
    settings.setdict({PER_SOURCE[k]: v for k, v in spec.config.items() if k in PER_SOURCE}, priority="spider")
    settings.setdict(overrides or {}, priority="cmdline")
    return settings
