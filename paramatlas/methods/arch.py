"""Parameter counts from a transformer's configuration (a Hugging Face-style config.json).

Counted two independent ways that must agree: a closed form, and the sum over every named
tensor of the model. Supports dense decoders (Llama, Qwen2, Mistral), Mixtral-style MoE and
DeepSeek-V3-style MLA + MoE. Multi-token-prediction modules are not counted, as in the
published sizes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from paramatlas.field_errors import spelled

DENSE = {"llama", "qwen2", "mistral"}
# The configuration's numbers this counter reads: whole numbers (a boolean or a text is a
# mistake, not a 1 or a size), bounded; layers and experts are counted one by one, so they are
# bounded again before anything is made for each.
NUMBERS = (
    "hidden_size", "intermediate_size", "moe_intermediate_size", "num_attention_heads",
    "num_key_value_heads", "num_hidden_layers", "vocab_size", "head_dim", "num_local_experts",
    "num_experts_per_tok", "n_routed_experts", "n_shared_experts", "first_k_dense_replace",
    "kv_lora_rank", "q_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim",
)  # fmt: skip
LARGEST = 10_000_000
COUNTED_ONE_BY_ONE = {
    "num_hidden_layers": 10_000,
    "num_local_experts": 10_000,
    "n_routed_experts": 10_000,
}


class ConfigError(ValueError):
    """A configuration this counter cannot read; `key` names the field when one is at fault,
    `expected` what it should hold."""

    def __init__(self, message: str, key: str | None = None, expected: str | None = None):
        super().__init__(message)
        self.key, self.expected = key, expected


@dataclass(frozen=True)
class Count:
    total: int
    active: int
    tensor_sum: int
    tensors: int


def _get(cfg: dict[str, Any], key: str, default: Any = None) -> Any:
    value = cfg.get(key, default)
    if value is None:
        msg = f"missing {key!r}"
        raise ConfigError(msg)
    return value


def _head_dim(cfg: dict[str, Any]) -> int:
    return cfg.get("head_dim") or _get(cfg, "hidden_size") // _get(cfg, "num_attention_heads")


def closed_form(cfg: dict[str, Any]) -> tuple[int, int]:
    """(total, active) parameters by formula."""
    kind = _get(cfg, "model_type")
    if kind not in DENSE | {"mixtral", "deepseek_v3"}:
        msg = (
            f"model_type {kind!r} is not supported (expected one of llama, qwen2, mistral, "
            "mixtral, deepseek_v3)"
        )
        raise ConfigError(msg)
    d, layers, vocab = (
        _get(cfg, "hidden_size"),
        _get(cfg, "num_hidden_layers"),
        _get(cfg, "vocab_size"),
    )
    embeddings = vocab * d * (1 if cfg.get("tie_word_embeddings", False) else 2)
    norms = (2 * layers + 1) * d
    if kind in DENSE or kind == "mixtral":
        heads, kv = (
            _get(cfg, "num_attention_heads"),
            cfg.get("num_key_value_heads") or _get(cfg, "num_attention_heads"),
        )
        hd = _head_dim(cfg)
        bias = cfg.get("attention_bias", kind == "qwen2")
        attention = d * heads * hd * 2 + 2 * d * kv * hd + (bias and (heads + 2 * kv) * hd)
        ffn = 3 * d * _get(cfg, "intermediate_size")
        if kind == "mixtral":
            experts, top_k = _get(cfg, "num_local_experts"), _get(cfg, "num_experts_per_tok")
            router = d * experts
            total = embeddings + norms + layers * (attention + experts * ffn + router)
            active = embeddings + norms + layers * (attention + top_k * ffn + router)
            return total, active
        total = embeddings + norms + layers * (attention + ffn)
        return total, total
    if kind == "deepseek_v3":
        heads = _get(cfg, "num_attention_heads")
        q_rank, kv_rank = _get(cfg, "q_lora_rank"), _get(cfg, "kv_lora_rank")
        nope, rope, v = (
            _get(cfg, k) for k in ("qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim")
        )
        attention = (
            d * q_rank
            + q_rank
            + q_rank * heads * (nope + rope)
            + d * (kv_rank + rope)
            + kv_rank
            + kv_rank * heads * (nope + v)
            + heads * v * d
        )
        dense_layers = _get(cfg, "first_k_dense_replace")
        expert = 3 * d * _get(cfg, "moe_intermediate_size")
        routed, shared = _get(cfg, "n_routed_experts"), _get(cfg, "n_shared_experts")
        top_k = _get(cfg, "num_experts_per_tok")
        router = routed * d + routed  # gate weight and its score-correction bias
        dense_ffn = 3 * d * _get(cfg, "intermediate_size")
        moe_layers = layers - dense_layers
        base = embeddings + norms + layers * attention + dense_layers * dense_ffn
        total = base + moe_layers * ((routed + shared) * expert + router)
        active = base + moe_layers * ((top_k + shared) * expert + router)
        return total, active
    raise AssertionError(kind)  # model types are checked on entry


def tensors(cfg: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    """Every weight of the model by name and shape, as a checkpoint lists them."""
    kind = _get(cfg, "model_type")
    d, layers, vocab = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["vocab_size"]
    out: dict[str, tuple[int, ...]] = {
        "model.embed_tokens.weight": (vocab, d),
        "model.norm.weight": (d,),
    }
    if not cfg.get("tie_word_embeddings", False):
        out["lm_head.weight"] = (vocab, d)

    def mlp(prefix: str, width: int) -> None:
        out[f"{prefix}.gate_proj.weight"] = (width, d)
        out[f"{prefix}.up_proj.weight"] = (width, d)
        out[f"{prefix}.down_proj.weight"] = (d, width)

    for i in range(layers):
        p = f"model.layers.{i}"
        out[f"{p}.input_layernorm.weight"] = (d,)
        out[f"{p}.post_attention_layernorm.weight"] = (d,)
        if kind == "deepseek_v3":
            h = cfg["num_attention_heads"]
            nope, rope, v = cfg["qk_nope_head_dim"], cfg["qk_rope_head_dim"], cfg["v_head_dim"]
            a = f"{p}.self_attn"
            out[f"{a}.q_a_proj.weight"] = (cfg["q_lora_rank"], d)
            out[f"{a}.q_a_layernorm.weight"] = (cfg["q_lora_rank"],)
            out[f"{a}.q_b_proj.weight"] = (h * (nope + rope), cfg["q_lora_rank"])
            out[f"{a}.kv_a_proj_with_mqa.weight"] = (cfg["kv_lora_rank"] + rope, d)
            out[f"{a}.kv_a_layernorm.weight"] = (cfg["kv_lora_rank"],)
            out[f"{a}.kv_b_proj.weight"] = (h * (nope + v), cfg["kv_lora_rank"])
            out[f"{a}.o_proj.weight"] = (d, h * v)
            if i < cfg["first_k_dense_replace"]:
                mlp(f"{p}.mlp", cfg["intermediate_size"])
            else:
                for e in range(cfg["n_routed_experts"]):
                    mlp(f"{p}.mlp.experts.{e}", cfg["moe_intermediate_size"])
                mlp(
                    f"{p}.mlp.shared_experts",
                    cfg["moe_intermediate_size"] * cfg["n_shared_experts"],
                )
                out[f"{p}.mlp.gate.weight"] = (cfg["n_routed_experts"], d)
                out[f"{p}.mlp.gate.e_score_correction_bias"] = (cfg["n_routed_experts"],)
            continue
        h = cfg["num_attention_heads"]
        kv = cfg.get("num_key_value_heads") or h
        hd = cfg.get("head_dim") or d // h
        a = f"{p}.self_attn"
        out[f"{a}.q_proj.weight"] = (h * hd, d)
        out[f"{a}.k_proj.weight"] = (kv * hd, d)
        out[f"{a}.v_proj.weight"] = (kv * hd, d)
        out[f"{a}.o_proj.weight"] = (d, h * hd)
        if cfg.get("attention_bias", kind == "qwen2"):
            out[f"{a}.q_proj.bias"] = (h * hd,)
            out[f"{a}.k_proj.bias"] = (kv * hd,)
            out[f"{a}.v_proj.bias"] = (kv * hd,)
        if kind == "mixtral":
            for e in range(cfg["num_local_experts"]):
                mlp(f"{p}.block_sparse_moe.experts.{e}", cfg["intermediate_size"])
            out[f"{p}.block_sparse_moe.gate.weight"] = (cfg["num_local_experts"], d)
        else:
            mlp(f"{p}.mlp", cfg["intermediate_size"])
    return out


def check_numbers(cfg: dict[str, Any]) -> None:
    """Refuse a number the counter would misread (a boolean, a text, a fraction) or that
    would make it build millions of tensors."""
    for key in NUMBERS:
        value = cfg.get(key)
        if value is None:
            continue
        most = COUNTED_ONE_BY_ONE.get(key, LARGEST)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
            msg = f"got {spelled(value)}"
            raise ConfigError(msg, key, f"a whole number from 0 to {most:,}")


def count(cfg: dict[str, Any]) -> Count:
    """Both counts; raises ConfigError when they disagree."""
    check_numbers(cfg)
    total, active = closed_form(cfg)
    shapes = tensors(cfg)
    tensor_sum = sum(math.prod(s) for s in shapes.values())
    if tensor_sum != total:
        msg = f"closed form {total:,} and tensor sum {tensor_sum:,} disagree"
        raise ConfigError(msg)
    return Count(total, active, tensor_sum, len(shapes))
