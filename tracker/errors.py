"""The ledger's domain errors, raised inside and translated at the edge (CLI message, web 4xx)."""

from __future__ import annotations


class YuqingError(Exception):
    """Base of every domain error; its message is shown to the user as is."""

    exit_code = 1
    http_status = 400


class ConfigError(YuqingError):
    """A configuration file is missing, malformed or inconsistent; the message names the file and key."""

    def __init__(self, path: object, key: str, problem: str) -> None:
        self.path, self.key, self.problem = str(path), key, problem
        super().__init__(f"配置错误 {self.path} [{key}]: {problem}")


class CalendarUnknown(YuqingError):
    """The working-day calendar does not know this year (load a holiday file for it)."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"工作日历不包含 {year} 年：请用 `yuqing calendar load FILE` 载入 {year} 年节假日安排 (calendar year {year} unknown)"
        )


class NotFound(YuqingError):
    """A case, source, section or staff member that does not exist."""

    http_status = 404


class AlreadyExists(YuqingError):
    """The thing being created exists already (e.g. a message with the same source and external id)."""

    http_status = 409


class IllegalTransition(YuqingError):
    """A status change the case's status machine does not allow."""

    http_status = 409

    def __init__(self, case_no: str, status: str, action: str) -> None:
        from tracker.status import STATUS_LABELS

        self.case_no, self.status, self.action = case_no, status, action
        label = STATUS_LABELS.get(status, status)
        super().__init__(f"案件 {case_no} 当前状态为「{label}」，不能执行「{action}」 (illegal transition from {status})")


class InvalidInput(YuqingError):
    """A request the ledger refuses: a missing reason, an extension over the limit, an unknown clock, ..."""

    http_status = 422
