"""Turning retrieved chunks into a cited answer: extractive or by an LLM, then validated."""
