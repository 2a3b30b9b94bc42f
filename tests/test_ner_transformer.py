"""The transformer recogniser loads a Hugging Face checkpoint from disk and maps sub-tokens to words.

The test builds a tiny random BERT itself (no download); it checks loading, label mapping and offsets,
not quality. Skipped where the optional ``transformers``/``torch`` are not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.recognise import load_recogniser
from rasd.record import Document

transformers = pytest.importorskip("transformers", reason="optional: pip install torch==2.13.0 transformers")
torch = pytest.importorskip("torch")

WORDS = ["زار", "الرئيس", "باماكو", "أمس", "."]
LABELS = ["O", "B-PERS", "I-PERS", "B-GPE", "I-GPE"]


def _tiny_checkpoint(path: Path) -> None:
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS[:2], "بام", "##اكو", "أمس", "."]
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(
        vocab_file=str(path / "vocab.txt"),
        do_lower_case=False,
        tokenize_chinese_chars=False,
        strip_accents=False,
    )
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    torch.manual_seed(0)
    model = transformers.BertForTokenClassification(config)
    # Make the classifier ignore the input and always answer B-GPE: the mapping is then predictable.
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([0.0, 0.0, 0.0, 5.0, 0.0]))
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)


def test_tiny_bert_loads_and_maps_labels_to_words(tmp_path: Path) -> None:
    _tiny_checkpoint(tmp_path)
    recogniser = load_recogniser("transformer", path=tmp_path)
    assert recogniser.name == "transformer"
    # «باماكو» is two word pieces; each word still gets exactly one tag, GPE read as LOC.
    assert recogniser.tag(WORDS) == ["B-LOC"] * len(WORDS)
    doc = Document(id="x", source="t", text="زار باماكو")
    recogniser.recognise(doc)
    assert [(s.text, s.label) for s in doc.spans] == [("زار", "LOC"), ("باماكو", "LOC")]
    assert all(doc.text[s.start : s.end] == s.text for s in doc.spans)


def test_env_variable_selects_the_transformer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tiny_checkpoint(tmp_path)
    monkeypatch.setenv("RASD_NER_MODEL", str(tmp_path))
    assert load_recogniser().name == "transformer"
