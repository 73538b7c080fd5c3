"""The indicator import gives, sheet by sheet, the recorded result: what it wrote, previewed and
counted, or every problem it listed in order, with nothing written (tests/indicator_corpus.py)."""

from __future__ import annotations

import json

import pytest

from tests.indicator_corpus import CASES, ORACLES, outcome

RECORDED = json.loads(ORACLES.read_text(encoding="utf-8"))


def test_every_sheet_of_the_corpus_has_a_recorded_result():
    assert sorted(RECORDED) == sorted(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_the_import_gives_the_recorded_result(tmp_path, name):
    assert outcome(tmp_path, name) == RECORDED[name]
