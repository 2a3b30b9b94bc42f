"""Word clusters (``rasd train embeddings``) as CRF features: tiny vectors and clusters learnt from
sentences written here, features only when enabled, and a model directory's meta.json deciding."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pycrfsuite
import pytest

pytest.importorskip("gensim", reason="gensim (the `build` extra) learns the vectors")
pytest.importorskip("sklearn", reason="scikit-learn (the `build` extra) clusters them")

from rasd.recognise.clusters import CLUSTERS_DIR, CLUSTERS_FILE, WordClusters, model_clusters
from rasd.recognise.crf import CRFTagger
from rasd.recognise.features import FeatureExtractor
from rasd.recognise.gazetteer import Gazetteer
from rasd.train.embeddings import EmbeddingSettings, train_embeddings
from rasd.train.ner_lexicon import write_entity_lexicon

# Written for this test: places after «في» and «إلى», people after «الرئيس» and «الوزير».
TEXTS = [
    "وصل الرئيس أحمد إلى باريس. وقال الوزير علي في مدريد إن الاجتماع انتهى.",
    "سافر الوزير كريم إلى مدريد. واستقبل الرئيس سمير في القاهرة الوفد.",
    "التقى الرئيس علي في القاهرة بالوزير أحمد. ثم عاد إلى باريس.",
    "وقال الرئيس كريم في باريس إن الوزير سمير سيزور القاهرة ومدريد.",
] * 5

SETTINGS = EmbeddingSettings(
    vector_size=12,
    window=3,
    min_count=2,
    epochs=3,
    granularities=(2, 4),
    workers=1,
    seed=1,
    bucket=1000,
)


@pytest.fixture(scope="module")
def clusters_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clusters")
    meta = train_embeddings(TEXTS, out, SETTINGS, log=lambda _line: None)
    assert meta["corpus"]["articles"] == len(TEXTS)
    assert meta["vocabulary"] > 10
    return out


def test_table_has_every_vocabulary_stem_at_each_granularity(clusters_dir: Path) -> None:
    lines = (clusters_dir / CLUSTERS_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#stem\tk2\tk4"
    clusters = WordClusters.read(clusters_dir / CLUSTERS_FILE)
    assert clusters.granularities == (2, 4)
    # The vocabulary is the recogniser's stems: «ومدريد» and «بالوزير» lose their proclitics.
    for stem in ("مدريد", "الوزير", "القاهره"):
        ids = clusters.lookup(stem)
        assert ids is not None, stem
        assert 0 <= ids[0] < 2 and 0 <= ids[1] < 4
    assert "ومدريد" not in {line.split("\t")[0] for line in lines}
    # Without ال the stem still finds its clusters; an unknown word finds none.
    assert clusters.lookup("وزير") == clusters.lookup("الوزير")
    assert clusters.lookup("تمبكتو") is None


def _cluster_feats(feats: list[list[str]]) -> set[str]:
    return {f for token in feats for f in token if f.split("=")[0].lstrip("-+0123456789").startswith("k")}


def test_features_only_when_enabled(clusters_dir: Path) -> None:
    words = ["وقال", "الوزير", "أحمد", "في", "مدريد", "وتمبكتو"]
    plain = FeatureExtractor(Gazetteer()).sentence(words)
    assert not _cluster_feats(plain)
    clusters = WordClusters.read(clusters_dir / CLUSTERS_FILE)
    with_clusters = FeatureExtractor(Gazetteer(), clusters=clusters, cluster_window=1).sentence(words)
    k2, k4 = clusters.lookup("مدريد") or ()
    assert {f"k2={k2}", f"k4={k4}"} <= set(with_clusters[4])
    assert f"1k2={k2}" in with_clusters[3] and f"-1k2={k2}" in with_clusters[5]
    assert "k=unk" in with_clusters[5]  # «تمبكتو» is not in the table
    assert not any(f.startswith("2k") for f in with_clusters[2])  # window 1: ±2 see nothing
    # Everything else is as without clusters, in the same order.
    for a, b in zip(plain, with_clusters, strict=True):
        assert [f for f in b if f not in _cluster_feats([b])] == a


def _tiny_model(model_dir: Path, clusters: WordClusters | None) -> None:
    """A CRF trained on two sentences, in a model directory like `rasd train ner` writes."""
    model_dir.mkdir()
    shipped = resources.files("rasd.data").joinpath("ner", "gazetteer.tsv")
    shutil.copy(str(shipped), model_dir / "gazetteer.tsv")
    write_entity_lexicon({}, model_dir / "entity_lexicon.tsv")
    extractor = FeatureExtractor(Gazetteer.read(model_dir / "gazetteer.tsv"), clusters=clusters)
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append(extractor.sentence(["سافر", "أحمد", "إلى", "باريس"]), ["O", "B-PER", "O", "B-LOC"])
    trainer.append(extractor.sentence(["وصل", "علي", "إلى", "مدريد"]), ["O", "B-PER", "O", "B-LOC"])
    trainer.set_params({"max_iterations": 20})
    trainer.train(str(model_dir / "model.crfsuite"))


def test_model_meta_decides(clusters_dir: Path, tmp_path: Path) -> None:
    clusters = WordClusters.read(clusters_dir / CLUSTERS_FILE)
    without = tmp_path / "without"
    _tiny_model(without, None)
    (without / "meta.json").write_text(json.dumps({"settings": {"seed": 13}}), encoding="utf-8")
    # A clusters folder beside a model trained without them changes nothing (the shipped case).
    shutil.copytree(clusters_dir, without / CLUSTERS_DIR)
    assert model_clusters(without) == (None, 0)
    tagger = CRFTagger(without)
    assert tagger.features.clusters is None
    tagger.close()

    with_dir = tmp_path / "with"
    _tiny_model(with_dir, clusters)
    meta = {"settings": {"clusters": True, "cluster_window": 1}}
    (with_dir / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="word clusters"):
        CRFTagger(with_dir)
    shutil.copytree(clusters_dir, with_dir / CLUSTERS_DIR)
    tagger = CRFTagger(with_dir)
    assert tagger.features.clusters is not None and len(tagger.features.clusters) == len(clusters)
    assert len(tagger.tag(["سافر", "علي", "إلى", "مدريد"])) == 4
    tagger.close()


def test_train_ner_with_clusters_through_the_cli(clusters_dir: Path, tmp_path: Path) -> None:
    """`rasd train ner --clusters --clusters-dir DIR`: the model carries its table and says so."""
    from typer.testing import CliRunner

    from conftest import write_ner_data
    from rasd.cli import app

    un_xml = "<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>"
    towns, people = ["مدريد", "القاهرة", "باريس", "مدريد"], ["سمير", "أحمد", "كريم", "علي"]
    lines = [
        f"وصل O\n{p} B-PERS\nإلى O\n{t} B-LOC\n. O\n"
        for _ in range(6)
        for p, t in zip(people, towns, strict=True)
    ]
    data = write_ner_data(tmp_path / "data", "".join(lines), un_xml)
    out = tmp_path / "model"
    runner = CliRunner()
    args = ["train", "ner", "--out", str(out), "--data", str(data), "--iterations", "20", "--dev-only"]
    result = runner.invoke(app, [*args, "--clusters", "--clusters-dir", str(clusters_dir)])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["settings"]["clusters"] is True and meta["settings"]["cluster_window"] == 1
    assert (out / CLUSTERS_DIR / CLUSTERS_FILE).read_bytes() == (clusters_dir / CLUSTERS_FILE).read_bytes()
    tagger = CRFTagger(out)
    assert tagger.features.clusters is not None
    tagger.close()
    # Without the table the command says what is missing instead of training.
    missing = runner.invoke(app, [*args, "--clusters", "--clusters-dir", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "no word clusters" in missing.output
