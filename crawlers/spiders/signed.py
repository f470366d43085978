"""The shared shape of the signed short-video / feed spiders (Douyin, Toutiao): an account or a list of ids, a request signer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from scrapy.http import Request, Response

from crawlers.errors import SourceConfigError
from crawlers.signing import load_signer
from crawlers.sources import SourceSpec
from crawlers.spiders.base import BaseSpider


class SignedSpider(BaseSpider):
    """A spider whose every request carries the platform's web parameters and a signature from a pluggable signer."""

    account_key: ClassVar[str]  # config key naming the account whose posts are listed
    ids_key: ClassVar[str]  # config key listing posts directly
    default_signer: ClassVar[str]
    web_params: ClassVar[dict[str, Any]] = {}

    def __init__(self, spec: SourceSpec, **kwargs: Any) -> None:
        super().__init__(spec, **kwargs)
        if not (self.config.get(self.account_key) or self.config.get(self.ids_key)):
            raise SourceConfigError(spec.key, f"需要 {self.account_key} 或 {self.ids_key} (which account / posts)")
        self.signer = load_signer(spec.key, self.config, self.default_signer)
        self.posts_seen = 0

    def signed(self, path: str, params: dict[str, Any], callback: Any, *, stream: str, **kwargs: Any) -> Request:
        """A request to `path` with the web parameters, `params` and the signer's fields."""
        query = {**self.web_params, **params}
        query.update(self.signer.sign(query))
        return self.request(path, callback, stream=stream, params=query, **kwargs)

    @property
    def max_posts(self) -> int:
        """How many posts of the account to follow in one run."""
        return int(self.config.get("max_posts", 30))

    def follow_posts(self, response: Response, posts: list[dict[str, Any]], id_key: str) -> Iterator[Request]:
        """The first comment page of each post on a listing page (the subclass's `_page(post_id, None, 0)`), up to max_posts."""
        self.runlog.page(response.url, len(posts), "posts")
        for post in posts[: max(self.max_posts - self.posts_seen, 0)]:
            yield self._page(str(post[id_key]), None, 0)
        self.posts_seen += len(posts)
