"""One spider per source kind: module `crawlers.spiders.<kind>` holds one BaseSpider subclass whose `kind` is that name."""

from __future__ import annotations

import importlib
import inspect

from crawlers.errors import SourceConfigError


def spider_class(kind: str, source_key: str = "?") -> type:
    """The spider class of a source kind (module crawlers.spiders.<kind>)."""
    from crawlers.spiders.base import BaseSpider

    try:
        module = importlib.import_module(f"crawlers.spiders.{kind}")
    except ModuleNotFoundError as exc:
        if exc.name == f"crawlers.spiders.{kind}":
            raise SourceConfigError(source_key, f"没有 {kind} 类型的爬虫 (no spider for kind {kind!r})") from None
        raise
    found = [obj for obj in vars(module).values()
             if inspect.isclass(obj) and issubclass(obj, BaseSpider) and getattr(obj, "kind", None) == kind]
    if len(found) != 1:
        raise SourceConfigError(source_key, f"crawlers/spiders/{kind}.py 应当恰好定义一个 kind={kind!r} 的爬虫")
    return found[0]
