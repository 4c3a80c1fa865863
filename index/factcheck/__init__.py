"""Checking a claim: split it into parts, find evidence, judge each part."""
