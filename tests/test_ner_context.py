"""The second-stage context features and the two-stage tagger's plumbing."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from conftest import write_ner_data
from rasd.recognise.context import context_features
from rasd.recognise.crf import STAGE2_FILE, CRFTagger
from rasd.train.ner import TrainSettings, contiguous_folds, fit_model
from rasd.train.ner_corpus import Sentence


def test_a_word_tagged_elsewhere_in_the_window_says_so() -> None:
    sentences = [["قال", "بلمختار", "."], ["وصل", "لبلمختار", "."], ["ذهب", "سمير", "."]]
    first = [["O", "B-PER", "O"], ["O", "O", "O"], ["O", "O", "O"]]
    feats = context_features(sentences, first, window=1)
    # The second sentence's «لبلمختار» (clitic stripped) was tagged PER in the first sentence.
    assert "tok=PER" in feats[1][1] and "ent=B-PER" in feats[1][1]
    # The first sentence's own tag does not count as "elsewhere".
    assert "tok=PER" not in feats[0][1]
    # Out of the window (window=1: the third sentence sees only the second).
    assert not any(f.startswith("ent=") for f in feats[2][1])


def test_multi_word_names_mark_begin_and_inside() -> None:
    sentences = [["زار", "عبد", "القادر", "مساهل", "."], ["قال", "عبد", "القادر", "مساهل"]]
    first = [["O", "B-PER", "I-PER", "I-PER", "O"], ["O", "O", "O", "O"]]
    feats = context_features(sentences, first)
    assert "ent=B-PER" in feats[1][1] and "ent=I-PER" in feats[1][2] and "ent=I-PER" in feats[1][3]
    assert "entlong" in feats[1][1]
    assert len(feats) == 2 and [len(f) for f in feats] == [5, 4]


def test_contiguous_folds_cover_everything_once() -> None:
    folds = contiguous_folds(23, 5)
    assert folds[0][0] == 0 and folds[-1][1] == 23
    assert all(a[1] == b[0] for a, b in pairwise(folds))


def _toy() -> list[Sentence]:
    towns, people = ["غاو", "كيدال", "تمبكتو", "ميناكا"], ["سمير", "خالد", "يوسف", "منير"]
    return [
        [("وصل", "O"), (p, "B-PER"), ("إلى", "O"), (t, "B-LOC"), (".", "O")]
        for _ in range(6)
        for p, t in zip(people, towns, strict=True)
    ]


def test_two_stage_model_trains_and_tags(tmp_path: Path) -> None:
    gazetteer = tmp_path / "gazetteer.tsv"
    gazetteer.write_text("LOC\tcity\tغاو\n", encoding="utf-8")
    settings = TrainSettings(data_dir=tmp_path, max_iterations=20, jobs=1, two_stage=True)
    fit_model(_toy(), gazetteer, settings, tmp_path / "m")
    assert (tmp_path / "m" / STAGE2_FILE).exists()
    tagger = CRFTagger(tmp_path / "m")
    assert tagger.two_stage
    words = [["وصل", "سمير", "إلى", "كيدال", "."], [], ["وصل", "يوسف", "إلى", "غاو", "."]]
    tags = tagger.tag_many(words)
    assert tags[1] == [] and tags[0] == ["O", "B-PER", "O", "B-LOC", "O"] and tags[2][1] == "B-PER"
    tagger.close()
    one = TrainSettings(data_dir=tmp_path, max_iterations=20, jobs=1, two_stage=False)
    fit_model(_toy(), gazetteer, one, tmp_path / "m")  # retraining single-stage drops the second stage
    assert not (tmp_path / "m" / STAGE2_FILE).exists()


def test_cross_validation_reports_mean_and_spread(tmp_path: Path) -> None:
    from rasd.train.ner import cross_validate

    lines = ["".join(f"{w} {t}\n" for w, t in s) for s in _toy()] * 2
    data = write_ner_data(tmp_path / "data", "".join(lines))
    settings = TrainSettings(data_dir=data, max_iterations=15, jobs=1, two_stage=True)
    result = cross_validate(settings, tmp_path / "cv", log=lambda _line: None)
    assert set(result["scores"]) == {
        "stage 1, model alone",
        "stage 1, with the article passes",
        "two-stage, model alone",
        "two-stage, with the article passes",
    }
    micro = result["scores"]["two-stage, model alone"]["micro"]
    assert len(micro["folds"]) == 5 and micro["mean"] > 50 and micro["stdev"] >= 0
    assert (tmp_path / "cv" / "cv.json").exists()


def test_cli_trains_a_two_stage_model_and_tags_with_it(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rasd.cli import app

    data = write_ner_data(tmp_path / "data", "".join("".join(f"{w} {t}\n" for w, t in s) for s in _toy()))
    out = tmp_path / "model"
    runner = CliRunner()
    result = runner.invoke(
        app, ["train", "ner", "--out", str(out), "--data", str(data), "--iterations", "20", "--two-stage"]
    )
    assert result.exit_code == 0, result.output
    assert (out / STAGE2_FILE).exists() and not (out / "dev-model").exists()
    conll = tmp_path / "x.conll"
    conll.write_text("وصل\nسمير\nإلى\nكيدال\n.\n", encoding="utf-8")
    tagged = runner.invoke(app, ["tag", "--conll", str(conll), "--model", str(out)])
    assert [line.split()[1] for line in tagged.stdout.splitlines()] == ["O", "B-PER", "O", "B-LOC", "O"]
