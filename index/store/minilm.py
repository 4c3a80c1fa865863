"""The bundled MiniLM as a plain torch module: a BERT encoder read straight from the model's own files.

transformers' BERT gives the same token vectors, but importing its modelling code costs a process about
120 MB of memory and a second of start-up, for a model that is six standard layers. The tests hold
this module to sentence-transformers' vectors (tests/test_embeddings.py). Import it after
`index.imports.import_torch`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional

# The checkpoint's names for the weights (as transformers' BertModel names them) and this module's.
_RENAMED = (
    (r"^embeddings\.word_embeddings\.", "words."),
    (r"^embeddings\.position_embeddings\.", "positions."),
    (r"^embeddings\.token_type_embeddings\.", "segments."),
    (r"^embeddings\.LayerNorm\.", "norm."),
    (r"^encoder\.layer\.(\d+)\.attention\.self\.(query|key|value)\.", r"layers.\1.\2."),
    (r"^encoder\.layer\.(\d+)\.attention\.output\.dense\.", r"layers.\1.attended."),
    (r"^encoder\.layer\.(\d+)\.attention\.output\.LayerNorm\.", r"layers.\1.attended_norm."),
    (r"^encoder\.layer\.(\d+)\.intermediate\.dense\.", r"layers.\1.widen."),
    (r"^encoder\.layer\.(\d+)\.output\.dense\.", r"layers.\1.narrow."),
    (r"^encoder\.layer\.(\d+)\.output\.LayerNorm\.", r"layers.\1.output_norm."),
)
# Weights the token vectors do not use: the classification pooler, and a constant of position numbers.
_UNUSED = re.compile(r"^pooler\.|^embeddings\.position_ids$")


class Layer(nn.Module):
    """One transformer layer: self-attention, then a feed-forward block, each added back and normalised."""

    def __init__(self, width: int, heads: int, inner: int, eps: float, dtype: torch.dtype) -> None:
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = (nn.Linear(width, width, dtype=dtype) for _ in range(3))
        self.attended = nn.Linear(width, width, dtype=dtype)
        self.attended_norm = nn.LayerNorm(width, eps=eps, dtype=dtype)
        self.widen = nn.Linear(width, inner, dtype=dtype)
        self.narrow = nn.Linear(inner, width, dtype=dtype)
        self.output_norm = nn.LayerNorm(width, eps=eps, dtype=dtype)

    def forward(self, tokens: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, width = tokens.shape
        query, key, value = (
            part(tokens).view(batch, length, self.heads, width // self.heads).transpose(1, 2)
            for part in (self.query, self.key, self.value)
        )
        attended = functional.scaled_dot_product_attention(query, key, value, attn_mask=mask)
        attended = attended.transpose(1, 2).reshape(batch, length, width)
        tokens = self.attended_norm(self.attended(attended) + tokens)
        widened = functional.gelu(self.widen(tokens))
        normalised: torch.Tensor = self.output_norm(self.narrow(widened) + tokens)
        return normalised


class MiniLM(nn.Module):
    """BERT's encoder: the last layer's token vectors for token ids, attention mask and segment ids."""

    def __init__(self, config: dict[str, int | float | str], dtype: torch.dtype) -> None:
        super().__init__()
        width, eps = int(config["hidden_size"]), float(config["layer_norm_eps"])
        self.words = nn.Embedding(int(config["vocab_size"]), width, dtype=dtype)
        self.positions = nn.Embedding(int(config["max_position_embeddings"]), width, dtype=dtype)
        self.segments = nn.Embedding(int(config["type_vocab_size"]), width, dtype=dtype)
        self.norm = nn.LayerNorm(width, eps=eps, dtype=dtype)
        heads, inner = int(config["num_attention_heads"]), int(config["intermediate_size"])
        self.layers = nn.ModuleList(
            Layer(width, heads, inner, eps, dtype) for _ in range(int(config["num_hidden_layers"]))
        )

    @classmethod
    def load(cls, folder: Path, dtype: torch.dtype) -> MiniLM:
        """The model in `folder` (config.json and model.safetensors) at `dtype`, ready to run."""
        from safetensors.torch import load_file

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise ValueError(f"{folder} holds no BERT model with GELU activations")
        weights = {
            _renamed(name): tensor.to(dtype)
            for name, tensor in load_file(folder / "model.safetensors").items()
            if not _UNUSED.search(name)
        }
        # Built at its precision and overwritten: building it on torch's "meta" device instead costs a
        # process 70 MB of torch's own code and 0.9 s.
        model = cls(config, dtype)
        model.load_state_dict(weights, strict=True)
        return model.eval()

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        length = input_ids.shape[1]
        tokens: torch.Tensor = self.words(input_ids) + self.segments(token_type_ids)
        tokens = self.norm(tokens + self.positions.weight[:length])
        # Padding is left out of attention: a mask of True where a token may be attended to.
        mask = attention_mask[:, None, None, :].bool()
        for layer in self.layers:
            tokens = layer(tokens, mask)
        return tokens


def _renamed(name: str) -> str:
    for pattern, replacement in _RENAMED:
        renamed, count = re.subn(pattern, replacement, name)
        if count:
            return renamed
    raise ValueError(f"unknown weight in the model: {name}")
