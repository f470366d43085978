"""The Pipeline reads a letter's title as a block of its own, learned from titled letters only."""

from __future__ import annotations

from classifier.normalise import with_title
from classifier.pipeline import build_pipeline

TOPICS = ["社会救助", "养老服务"] * 6


def fit(texts: list[str]):
    return build_pipeline(calibration_folds=2).fit(texts, TOPICS)


def title_block(model) -> list[str]:
    return list(dict(model.named_steps["features"].transformer_list)["title"][-1].get_feature_names_out())


def test_titled_letters_teach_the_title_block_and_comments_leave_it_empty() -> None:
    letters = [with_title(title, "请尽快答复，谢谢。") for title in ["关于低保的反映", "关于养老院的反映"] * 6]
    assert {"低保", "养老"} <= set(title_block(fit(letters)))
    comments = ["低保金少了", "养老院收费高"] * 6
    model = fit(comments)
    assert title_block(model) == []
    # a model without a title vocabulary still reads a titled letter (its title counts in the text)
    assert model.predict([with_title("低保金少了", "请尽快答复")])[0] == "社会救助"
