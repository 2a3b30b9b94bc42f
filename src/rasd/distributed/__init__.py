"""The analysis on a Dask distributed cluster (``rasd ingest --engine dask``).

``partitions`` splits the inputs (groups of files, byte ranges of a big JSONL) and reads one split;
``worker`` is what each worker process holds (its own ``Resources``, loaded once) and the task that
analyses a partition; ``engine`` plans, submits and collects, and writes to the store when the
workers cannot (SQLite). docs/scaling.md says how it is deployed.
"""
