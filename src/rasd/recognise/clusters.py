"""Word clusters learnt from the news corpora (``rasd train embeddings``): stem → cluster ids.

``clusters.tsv`` has a header ``#stem<TAB>k64<TAB>k256…`` (one column per granularity) and one
normalised stem a line. A word the table lacks takes the clusters of its stem with or without ال
(the vectors were learnt over stems, so proclitics are already off); else it has none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rasd.recognise.clitics import strip_article

CLUSTERS_DIR = "clusters"
CLUSTERS_FILE = "clusters.tsv"


class WordClusters:
    def __init__(self, granularities: Sequence[int], table: Mapping[str, tuple[int, ...]]) -> None:
        self.granularities = tuple(granularities)
        self._table = dict(table)

    def __len__(self) -> int:
        return len(self._table)

    def lookup(self, stem: str) -> tuple[int, ...] | None:
        """Cluster ids of a normalised stem (one per granularity), or None."""
        found = self._table.get(stem)
        if found is None:
            core = strip_article(stem)
            found = self._table.get(core) if core != stem else self._table.get("ال" + stem)
        return found

    @classmethod
    def read(cls, path: Path) -> WordClusters:
        with path.open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split("\t")
            if not header or header[0] != "#stem":
                raise ValueError(f"{path}: not a cluster table (no '#stem' header)")
            granularities = [int(h.lstrip("k")) for h in header[1:]]
            table: dict[str, tuple[int, ...]] = {}
            for line in handle:
                word, *ids = line.rstrip("\n").split("\t")
                table[word] = tuple(map(int, ids))
        return cls(granularities, table)


def write_clusters(table: Mapping[str, tuple[int, ...]], granularities: Sequence[int], path: Path) -> None:
    """The table sorted by stem (stable diffs, deterministic bytes)."""
    with path.open("w", encoding="utf-8") as out:
        out.write("\t".join(["#stem", *(f"k{k}" for k in granularities)]) + "\n")
        for word in sorted(table):
            if "\t" in word or "\n" in word or not word:
                continue
            out.write(word + "\t" + "\t".join(map(str, table[word])) + "\n")


def model_clusters(model_dir: Path, meta_file: str = "meta.json") -> tuple[WordClusters | None, int]:
    """The clusters a model directory's CRF was trained with, and their context window: only when its
    meta.json says ``settings.clusters`` (models trained without them tag exactly as before)."""
    import json

    meta_path = model_dir / meta_file
    if not meta_path.exists():
        return None, 0
    settings = json.loads(meta_path.read_text(encoding="utf-8")).get("settings", {})
    if not settings.get("clusters"):
        return None, 0
    path = model_dir / CLUSTERS_DIR / CLUSTERS_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: the model was trained with word clusters and they are missing")
    return WordClusters.read(path), int(settings.get("cluster_window", 1))
