"""Language knowledge every part shares: tokens and stems, sentences, names, numbers, dates, quantities,
what a question asks for, and word lists. How the fact-checker reads a claim's figures and polarity lives
with it, in `index.factcheck`."""
