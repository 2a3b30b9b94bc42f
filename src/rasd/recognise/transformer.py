"""A Hugging Face token-classification checkpoint on disk (e.g. a CAMeLBERT NER model) as recogniser.

Optional: needs ``transformers`` and ``torch`` (``pip install torch==2.13.0 transformers``). Nothing
is downloaded: the directory must hold the model and its (fast) tokenizer. Labels are mapped to
rasd's vocabulary (PERS→PER, GPE/FAC→LOC; unknown types → O); a word takes its first sub-token's label.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rasd.recognise.gazetteer import Gazetteer, shipped_gazetteer
from rasd.recognise.mentions import find_mentions
from rasd.recognise.spans import map_tag
from rasd.record import Document


class TransformerRecogniser:
    name = "transformer"

    def __init__(
        self, model_dir: str | Path, gazetteer: Gazetteer | None = None, max_length: int = 512
    ) -> None:
        try:
            import torch
            from transformers import AutoModelForTokenClassification, AutoTokenizer
        except ImportError as exc:  # an optional extra: say how to get it
            raise ImportError(
                "the transformer recogniser needs `pip install torch==2.13.0 transformers`"
            ) from exc
        self._torch = torch
        path = str(model_dir)
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModelForTokenClassification.from_pretrained(path, local_files_only=True)
        self.model.eval()
        self.labels = {int(i): map_tag(str(label)) for i, label in self.model.config.id2label.items()}
        self.max_length = max_length
        self.gazetteer = gazetteer if gazetteer is not None else shipped_gazetteer()

    def tag(self, words: Sequence[str]) -> list[str]:
        if not words:
            return []
        encoded = self.tokenizer(
            list(words),
            is_split_into_words=True,
            truncation=True,
            max_length=self.max_length,
            return_tensors="pt",
        )
        with self._torch.inference_mode():
            logits = self.model(**encoded).logits[0]
        best = logits.argmax(-1).tolist()
        tags = ["O"] * len(words)
        seen: set[int] = set()
        for position, word in enumerate(encoded.word_ids(0)):
            if word is not None and word not in seen:  # first sub-token speaks for the word
                seen.add(word)
                tags[word] = self.labels.get(best[position], "O")
        return tags

    def recognise(self, doc: Document) -> None:
        doc.spans.extend(find_mentions(doc.text, self.tag, self.gazetteer))
