"""Language knowledge in one place: tokens and stems, sentences, names, numbers, dates and word lists."""
