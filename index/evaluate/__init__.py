"""Measuring answers and checks on labelled question and claim sets."""
