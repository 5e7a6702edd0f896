"""paramatlas: reproducible estimates of LLM parameter counts, published as a static site."""

__version__ = "0.1.0"
