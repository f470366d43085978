"""Pluggable request signers (Douyin `a_bogus`, 人民网 `signature`): chosen by source config, so a real signer swaps in."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import urlencode

from crawlers.errors import SourceConfigError


def md5_hex(text: str) -> str:
    """Hex MD5 of UTF-8 text (the platforms' signing primitive)."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


class QuerySigner(Protocol):
    """Signs a GET query (Douyin): returns the parameters to add, e.g. ``{"a_bogus": "..."}``."""

    def sign(self, params: Mapping[str, Any]) -> dict[str, str]: ...


class BodySigner(Protocol):
    """Signs a JSON-API call (人民网): the ``signature`` of ``path`` + the exact ``param`` string + ``token``."""

    def signature(self, path: str, param: str, token: str = "") -> str: ...


class SandboxBogus:
    """The sandbox's dummy `a_bogus`: ``sandbox-sign:`` + md5(urlencode(sorted query pairs)).

    The real `a_bogus` is computed by the platform's obfuscated JS; deploy a signer with the same `sign()` and name it
    in the source's `signer = "package.module:Class"`.
    """

    prefix = "sandbox-sign:"

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        self.config = dict(config or {})

    def sign(self, params: Mapping[str, Any]) -> dict[str, str]:
        pairs = sorted((str(k), str(v)) for k, v in params.items() if k != "a_bogus")
        return {"a_bogus": self.prefix + md5_hex(urlencode(pairs))}


class LiuyanMd5:
    """人民网: md5(path + param + md5(appCode)[:16] + token); `app_code` comes from the source config (it changes with
    front-end releases, so it is config, not code)."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.app_code = str(config.get("app_code") or "")

    def signature(self, path: str, param: str, token: str = "") -> str:
        return md5_hex(path + param + md5_hex(self.app_code)[:16] + token)


class Unsigned:
    """For endpoints that take no signature (or a deployment whose proxy signs)."""

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        self.config = dict(config or {})

    def sign(self, params: Mapping[str, Any]) -> dict[str, str]:
        return {}


BUILTIN: dict[str, type] = {"sandbox_bogus": SandboxBogus, "liuyan_md5": LiuyanMd5, "none": Unsigned}


def load_signer(source_key: str, config: Mapping[str, Any], default: str) -> Any:
    """The signer named by config `signer` (a built-in name or ``module:Class``), constructed with the source config."""
    name = str(config.get("signer") or default)
    if name in BUILTIN:
        return BUILTIN[name](config)
    module_name, _, attr = name.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError, ValueError) as exc:
        raise SourceConfigError(source_key, f"签名器 {name!r} 无法加载 (signer not found: {exc})") from None
    return factory(config)
