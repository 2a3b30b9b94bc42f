"""Scoring rasd against gold data, and the benchmarks (``rasd eval``, ``rasd bench``): never imported by the stages."""
