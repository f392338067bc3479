"""Command-line tables are sized for the corpus: a stated top-N by default, all on request."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from analysis.cli import main
from analysis.framing import CLI_LIMIT
from analysis.terms import CLI_TOP


def test_cli_prints_the_stated_top_n_per_group_unless_all(capsys):
    assert main(["keyness", "--by", "outlet", "--csv"]) == 0
    out, err = capsys.readouterr()
    top = pd.read_csv(io.StringIO(out))
    assert top.groupby("group").size().max() == CLI_TOP
    assert f"the {CLI_TOP} most distinctive terms per group; --all for every term" in err
    assert main(["keyness", "--by", "outlet", "--csv", "--all"]) == 0
    every = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(every) > len(top) and len(every) == every[["group", "term"]].drop_duplicates().shape[0]


@pytest.mark.parametrize("argv, message", [
    (["keyness", "--top", "-3"], "-3 is too small"),
    (["keyness", "--top", "0"], "0 is too small"),
    (["keyness", "--min-count", "zwei"], "'zwei' is not a whole number"),
    (["keyness", "--alpha-0", "-1"], "give a number greater than 0"),
    (["keyness", "--top", "5", "--all"], "not allowed with argument"),
    (["topics", "--k", "0"], "0 is too small"),
    (["topics", "--k", "3", "--min-df", "0"], "give a number greater than 0"),
    (["kwic", "imperialis*", "--window", "-1"], "-1 is too small"),
])
def test_cli_rejects_numbers_out_of_range(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_kwic_prints_at_most_the_limit_per_outlet_unless_all(capsys):
    assert CLI_LIMIT == 20
    assert main(["kwic", "imperialis*", "--limit", "1"]) == 0
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    outlets = [r["outlet"] for r in records]
    assert len(outlets) == len(set(outlets)) < 6
    assert "6 occurrences" in err and f"showing the first 1 per outlet ({len(records)})" in err
    assert main(["kwic", "imperialis*", "--all"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 6
