"""The classifier's domain errors, raised inside and translated at the edge (CLI message, web 4xx)."""

from __future__ import annotations


class ClassifierError(Exception):
    """Base of every classifier error; its message is shown to the user as is."""

    exit_code = 1


class ModelNotFound(ClassifierError):
    """A model folder that is missing or has no model.joblib / card.json."""

    def __init__(self, path: object, problem: str = "不是模型目录 (no model.joblib / card.json)") -> None:
        self.path = str(path)
        super().__init__(f"模型 {self.path}: {problem}")


class DataError(ClassifierError):
    """Labelled data that cannot be used: missing file or column, too few rows or labels."""


class ConfigError(ClassifierError):
    """A classifier configuration file (urgency rules, user dictionary) is malformed; names file and key."""

    def __init__(self, path: object, key: str, problem: str) -> None:
        self.path, self.key, self.problem = str(path), key, problem
        super().__init__(f"配置错误 {self.path} [{key}]: {problem}")
