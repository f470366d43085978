"""The declared items spiders yield: one collected message (fields per SOURCE-FORMATS §0.1) and nothing else."""

from __future__ import annotations

import scrapy


class MessageItem(scrapy.Item):
    """One message as a spider saw it; the normalise pipeline fills the derived fields (marked *)."""

    # identity
    source_key = scrapy.Field()  # set by BaseSpider.item()
    external_id = scrapy.Field()  # platform id as str, never a float
    thread_id = scrapy.Field()  # post / article / letter the comment belongs to
    parent_id = scrapy.Field()  # direct parent comment, None for top level
    root_id = scrapy.Field()  # top-level comment of the thread
    url = scrapy.Field()
    # text
    title = scrapy.Field()
    text_raw = scrapy.Field()  # the markup / text as served (kept for audit)
    text = scrapy.Field()  # * plain text (HTML stripped, emoji alt kept as [心], \u200b / &nbsp; removed)
    is_truncated = scrapy.Field()  # the list gave a preview and the full text is not fetched (yet)
    is_deleted = scrapy.Field()  # the platform shows it as withdrawn (tombstone)
    content_hash = scrapy.Field()  # * sha1 of title + text + reply text (edit detection)
    # author (personal data minimal)
    author_name = scrapy.Field()  # nickname as shown
    author_id = scrapy.Field()  # raw platform user id: normalise hashes it into author_id_hash and drops it
    author_id_hash = scrapy.Field()  # *
    ip_region = scrapy.Field()  # "来自江苏" -> "江苏" (normalise strips the prefix)
    # times: spiders give the raw value, normalise parses (against fetched_at) into aware UTC + precision
    created_at_raw = scrapy.Field()
    created_at = scrapy.Field()  # *
    created_at_precision = scrapy.Field()  # *
    mark_at = scrapy.Field()  # * / optional raw: publication time used by the incremental stop rule
    fetched_at = scrapy.Field()  # set by BaseSpider.item(): the response's fetch time (aware UTC)
    received_at = scrapy.Field()  # optional raw: when the bureau received it (12345 dispatch time)
    own_due_at = scrapy.Field()  # optional raw: the work order's own deadline (wins over the rule)
    urgent = scrapy.Field()  # the source flags it urgent
    # counts ("1.2万" allowed; normalise makes ints)
    like_count = scrapy.Field()
    reply_count = scrapy.Field()
    # mailbox fields
    category = scrapy.Field()  # 咨询 / 求助 / 建议 / 投诉 / 举报 ...
    domain = scrapy.Field()
    target_org = scrapy.Field()
    status_raw = scrapy.Field()
    reply_text = scrapy.Field()  # official answer (markup allowed; normalise cleans)
    reply_org = scrapy.Field()
    reply_time = scrapy.Field()  # raw; normalise parses
    pinned = scrapy.Field()  # 置顶: excluded from the incremental stop rule
    extra = scrapy.Field()  # anything else worth keeping (dict)
    raw = scrapy.Field()  # the source payload of this item (user ids scrubbed by normalise)
    # set by the pipelines
    stream = scrapy.Field()  # paging stream the item came from (BaseSpider.item sets it from the request)
    action = scrapy.Field()  # * dedupe verdict: new | update | duplicate | merge
    merge_into = scrapy.Field()  # * case number of the near-duplicate's case
    decision = scrapy.Field()  # * the router's RouteDecision
