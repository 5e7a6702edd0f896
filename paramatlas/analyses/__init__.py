"""The report's analyses, one module each, computed from the estimating core: the case study,
its replication and verdicts, the λ analysis, anchors, family ladders and flagged runs.
Numbers and verdicts only; the report views and pages write them out."""
