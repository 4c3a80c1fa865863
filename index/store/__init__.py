"""Where indexed text lives: chunks, their embeddings, the Chroma store and the lexical index."""
