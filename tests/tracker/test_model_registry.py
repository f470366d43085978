"""The model registry: ModelVersion rows, activation only when not worse, roll back, corrections, trained on first use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from classifier.normalise import with_title
from tests.factories import act, open_case, routed
from tracker import ledger, model_registry
from tracker.db import session_scope
from tracker.errors import NotFound
from tracker.settings import get_settings


def fake_model(root: Path, version: str, held_out_f1: float | None) -> tuple[Path, dict[str, Any]]:
    """A model folder with the files the registry checks (the registry never loads the model itself)."""
    folder = root / version
    folder.mkdir(parents=True)
    metrics: dict[str, Any] = {"validation": {"macro_f1": 0.5}}
    if held_out_f1 is not None:
        metrics["held_out"] = {"macro_f1": held_out_f1}
    card = {"version": version, "data_hash": "0" * 64, "metrics": metrics}
    (folder / "model.joblib").write_bytes(b"x")
    (folder / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return folder, card


def register(root: Path, version: str, f1: float | None, activate: str = "if_better") -> bool:
    folder, card = fake_model(root, version, f1)
    with session_scope() as s:
        return model_registry.register_model(s, folder, card, activate=activate).active  # type: ignore[arg-type]


def active_version() -> str | None:
    with session_scope() as s:
        found = model_registry.active_model_dir(s)
        return found.name if found else None


def test_a_new_model_is_active_only_if_not_worse(sqlite_db, tmp_path: Path) -> None:
    assert active_version() is None
    assert register(tmp_path, "v1", 0.90) is True
    assert register(tmp_path, "v2", 0.88) is False
    assert active_version() == "v1"
    assert register(tmp_path, "v3", 0.90) is True  # equal is not lower
    assert active_version() == "v3"
    assert register(tmp_path, "v4", None) is False  # no held-out score: never replaces a model by itself
    assert register(tmp_path, "v5", 0.10, activate="never") is False
    assert register(tmp_path, "v6", 0.10, activate="always") is True
    with session_scope() as s:
        rows = model_registry.list_models(s)
        assert [r.version for r in rows if r.active] == ["v6"]
        assert {r.version for r in rows} == {"v1", "v2", "v3", "v4", "v5", "v6"}


def test_activate_rolls_back_and_refuses_unknown_versions(sqlite_db, tmp_path: Path) -> None:
    register(tmp_path, "v1", 0.9)
    register(tmp_path, "v2", 0.95)
    with session_scope() as s:
        model_registry.activate(s, "v1")
    assert active_version() == "v1"
    with session_scope() as s, pytest.raises(NotFound):
        model_registry.activate(s, "nope")


def test_a_model_whose_files_are_gone_is_not_active(sqlite_db, tmp_path: Path) -> None:
    register(tmp_path, "v1", 0.9)
    (tmp_path / "v1" / "model.joblib").unlink()
    assert active_version() is None
    with session_scope() as s, pytest.raises(NotFound):
        model_registry.activate(s, "v1")


def test_topic_corrections_come_from_reassignments_that_change_the_topic(sqlite_db) -> None:
    fixed = open_case(text="我家老人走失了两天，社区能帮忙找吗", decision=routed("社会救助"))
    act(ledger.reassign, fixed, topic="养老服务", reason="老人走失属养老服务")
    act(ledger.reassign, fixed, topic="基层政权和社区治理", reason="再改：社区协助")
    same = open_case(text="低保申请进展如何", decision=routed("社会救助"))
    act(ledger.reassign, same, section_key="community", reason="只换科室")
    open_case(text="结婚登记要预约吗", decision=routed("婚姻登记"))
    with session_scope() as s:
        assert model_registry.topic_corrections(s) == [("我家老人走失了两天，社区能帮忙找吗", "基层政权和社区治理")]


def test_a_corrected_letter_is_learned_from_with_its_title(sqlite_db) -> None:
    letter = open_case(title="关于我父亲高龄津贴停发的反映", text="上个月起就没到账了，请查一下。", decision=routed("社会救助"))
    act(ledger.reassign, letter, topic="养老服务", reason="高龄津贴属养老服务")
    with session_scope() as s:
        assert model_registry.topic_corrections(s) == [
            (with_title("关于我父亲高龄津贴停发的反映", "上个月起就没到账了，请查一下。"), "养老服务")
        ]


def test_ensure_model_trains_on_first_use_only(sqlite_db, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []

    def fake_train(models_dir: Path, corrections: object = ()) -> tuple[Path, dict[str, Any]]:
        calls.append(models_dir)
        return fake_model(models_dir, f"v{len(calls)}", 0.9)

    monkeypatch.setattr(model_registry, "train_default", fake_train)
    settings = get_settings()
    with session_scope() as s:
        first = model_registry.ensure_model(s, settings)
    with session_scope() as s:
        assert model_registry.ensure_model(s, settings) == first
    assert calls == [settings.models_dir()] and first.name == "v1"


def test_train_versioned_names_the_folder_by_version(tmp_path: Path) -> None:
    texts = [f"低保申请{i}号怎么办" for i in range(7)] + [f"结婚登记{i}号要预约吗" for i in range(7)]
    labels = ["社会救助"] * 7 + ["婚姻登记"] * 7
    folder, card = model_registry.train_versioned(tmp_path, texts=texts, labels=labels)
    assert folder == tmp_path / card["version"] and (folder / "model.joblib").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [card["version"]]
