"""The routing threshold: as much coverage as the target precision allows, with a margin that shrinks as data grows."""

from __future__ import annotations

import numpy as np

from classifier.metrics import choose_threshold, precision_lower_bound


def validation(n: int, every: int) -> tuple[list[str], list[str], list[float]]:
    """`n` validation predictions by falling confidence: the top half right, then every `every`-th one wrong."""
    wrong = [i >= n // 2 and i % every == 0 for i in range(n)]
    pred = ["养老服务" if w else "社会救助" for w in wrong]
    return ["社会救助"] * n, pred, [1.0 - i / n for i in range(n)]


def test_without_a_margin_the_threshold_routes_everything_that_keeps_precision_at_the_target() -> None:
    truth = ["a", "a", "a", "a", "b"]
    pred = ["a", "a", "a", "a", "a"]
    conf = [0.9, 0.8, 0.7, 0.6, 0.5]
    assert choose_threshold(truth, pred, conf, target=0.8) == 0.5  # 4 of 5 right
    assert choose_threshold(truth, pred, conf, target=0.9) == 0.6  # the wrong one stays in triage


def test_ties_are_routed_together_or_not_at_all() -> None:
    truth, pred, conf = ["a", "b", "a"], ["a", "a", "a"], [0.9, 0.7, 0.7]
    assert choose_threshold(truth, pred, conf, target=0.9) == 0.9


def test_an_unreachable_target_routes_nothing() -> None:
    assert choose_threshold(["a", "b"], ["b", "a"], [0.9, 0.8], target=0.95) > 1.0


def test_the_margin_is_wide_on_few_validation_messages_and_narrow_on_many() -> None:
    small = validation(60, 10)
    large = validation(6000, 10)
    plain_small = choose_threshold(*small, target=0.95)
    plain_large = choose_threshold(*large, target=0.95)
    # the lower bound routes less than the plain precision would, and far less so on a small set
    assert choose_threshold(*small, target=0.95, z=2.0) > plain_small
    assert choose_threshold(*large, target=0.95, z=2.0) >= plain_large
    routed_small = np.mean(np.asarray(small[2]) >= choose_threshold(*small, target=0.95, z=2.0))
    routed_large = np.mean(np.asarray(large[2]) >= choose_threshold(*large, target=0.95, z=2.0))
    assert routed_large > routed_small


def test_the_lower_bound_is_below_the_precision_and_approaches_it() -> None:
    bounds = precision_lower_bound(np.array([19.0, 190.0, 1900.0]), np.array([20, 200, 2000]), z=2.0)
    assert np.all(bounds < 0.95)
    assert bounds[0] < bounds[1] < bounds[2]
    assert 0.935 < bounds[2] < 0.95  # 2,000 routed: within about a point
