"""Offline sandbox site reproducing every source kind's real request/response formats on 127.0.0.1 (see ROUTES.md)."""

from .exports import write_hotline_xlsx, write_wechat_export
from .server import SandboxServer

__all__ = ["SandboxServer", "write_hotline_xlsx", "write_wechat_export"]
