"""tokenize(): the user dictionary's words stay whole; rjieba and jieba agree on the whole corpus."""

from __future__ import annotations

import pytest

from classifier.normalise import normalise
from classifier.tokenize import read_userdict, reference_jieba, segment, tokenize


@pytest.mark.parametrize("word", ["低保", "特困供养", "临时救助", "高龄津贴", "长者饭堂", "居家养老", "两项补贴", "公益性公墓", "村务公开"])
def test_user_dictionary_words_stay_whole(word: str) -> None:
    assert word in segment(f"请问{word}怎么办理")


def test_tokens_drop_punctuation_and_spaces() -> None:
    assert tokenize("低保, 怎么 办?!") == ["低保", "怎么", "办"]
    assert tokenize("") == []


@pytest.mark.parametrize(
    "text", ["9:00-17:00开门", "80-89岁老人", "covid-19疫情", "A-1栋", "2023-10-01日", "1.2.3", "12.5-13.5%", "C++和C#", "a_b"]
)
def test_ascii_runs_are_cut_like_jieba(text: str) -> None:
    assert segment(text) == reference_jieba().lcut(text)


def test_every_user_dictionary_line_has_a_frequency() -> None:
    entries = read_userdict()
    assert len(entries) > 50 and all(freq > 0 for _, freq, _ in entries)


def test_rjieba_agrees_with_jieba_on_the_corpus(corpus) -> None:
    jieba = reference_jieba()
    texts = [normalise(t) for t in corpus.train_texts + corpus.test_texts]
    differ = [t for t in texts if jieba.lcut(t) != segment(t)]
    assert differ == []
