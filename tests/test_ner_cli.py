"""`rasd tag --conll`, `rasd eval ner --conll` and `rasd train ner` through the real CLI."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import write_ner_data
from rasd.cli import app

runner = CliRunner()
CONLL = "زار O\nالرئيس O\nباماكو B-LOC\n.\n\nوقال O\nمحمد B-PERS\nعلي I-PERS\n"


def test_tag_prints_one_tag_per_token_and_keeps_sentence_breaks(tmp_path: Path) -> None:
    path = tmp_path / "in.conll"
    path.write_text(CONLL, encoding="utf-8")
    result = runner.invoke(app, ["tag", "--conll", str(path)])
    assert result.exit_code == 0, result.output
    blocks = result.stdout.strip("\n").split("\n\n")
    assert [len(b.splitlines()) for b in blocks] == [4, 3]
    rows = [line.split() for line in result.stdout.splitlines() if line]
    assert [r[0] for r in rows] == ["زار", "الرئيس", "باماكو", ".", "وقال", "محمد", "علي"]
    assert all(r[1] == "O" or r[1][:2] in ("B-", "I-") for r in rows)
    assert rows[2][1] == "B-LOC"


def test_eval_prints_per_type_and_micro_scores(tmp_path: Path) -> None:
    path = tmp_path / "gold.conll"
    path.write_text(CONLL, encoding="utf-8")
    result = runner.invoke(app, ["eval", "ner", "--conll", str(path)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:] if line.strip()}
    assert {"LOC", "PER", "micro"} <= set(lines)
    assert float(lines["LOC"][2]) == 100.0  # «باماكو» found exactly


def test_train_writes_a_model_that_learns(tmp_path: Path) -> None:
    un_xml = (
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>"
        "<NAME_ORIGINAL_SCRIPT>مختار بلمختار</NAME_ORIGINAL_SCRIPT></INDIVIDUAL></INDIVIDUALS>"
        "<ENTITIES/></CONSOLIDATED_LIST>"
    )
    towns, people = ["غاو", "كيدال", "تمبكتو", "ميناكا"], ["سمير", "خالد", "يوسف", "منير"]
    lines = [
        f"وصل O\n{p} B-PERS\nإلى O\n{t} B-LOC\n. O\n"
        for _ in range(6)
        for p, t in zip(people, towns, strict=True)
    ]
    data = write_ner_data(tmp_path / "data", "".join(lines), un_xml)
    out = tmp_path / "model"
    result = runner.invoke(
        app, ["train", "ner", "--out", str(out), "--data", str(data), "--iterations", "30"]
    )
    assert result.exit_code == 0, result.output
    assert {"model.crfsuite", "gazetteer.tsv", "entity_lexicon.tsv", "meta.json"} <= {
        p.name for p in out.iterdir()
    }
    conll = tmp_path / "x.conll"
    conll.write_text("وصل\nسمير\nإلى\nكيدال\n.\n", encoding="utf-8")
    tagged = runner.invoke(app, ["tag", "--conll", str(conll), "--model", str(out)])
    assert [line.split()[1] for line in tagged.stdout.splitlines()] == ["O", "B-PER", "O", "B-LOC", "O"]


def test_train_can_score_a_random_split_and_says_it_leaks(tmp_path: Path) -> None:
    lines = [
        f"وصل O\n{p} B-PERS\nإلى O\n{t} B-LOC\n. O\n"
        for _ in range(5)
        for p, t in (("سمير", "غاو"), ("خالد", "كيدال"))
    ]
    data = write_ner_data(tmp_path / "data", "".join(lines))
    out = tmp_path / "model"
    args = ["train", "ner", "--out", str(out), "--data", str(data), "--iterations", "10", "--dev-only"]
    result = runner.invoke(app, [*args, "--dev-split", "random"])
    assert result.exit_code == 0, result.output
    assert "articles leak across, not rasd's figure" in result.output
    bad = runner.invoke(app, [*args, "--dev-split", "by-topic"])
    assert bad.exit_code == 2 and "--dev-split must be one of contiguous, random" in bad.output
