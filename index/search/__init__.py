"""Hybrid retrieval: vector and BM25 hits fused into one ranking."""
