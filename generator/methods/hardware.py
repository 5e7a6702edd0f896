"""Hardware back-calculation: bandwidth bounds the active size, memory the total."""

from __future__ import annotations

from dataclasses import dataclass

from generator.schema import HardwareInputs


@dataclass(frozen=True)
class HardwareResult:
    inputs: HardwareInputs
    active_low_B: float
    active_high_B: float
    total_max_B: float


def hardware(h: HardwareInputs) -> HardwareResult:
    """Decode reads every active weight once a token, so bandwidth bounds the active size;
    the weights must fit in the slice's memory, so memory bounds the total."""
    bytes_per_s = h.bandwidth_TBps.value * 1e12 * h.chips.value
    per_token = h.decode_tokens_per_s.value * h.bytes_per_param.value
    low = bytes_per_s * h.utilisation.low / per_token / 1e9
    high = bytes_per_s * h.utilisation.high / per_token / 1e9
    total = h.memory_GB.value * 1e9 * h.chips.value / h.bytes_per_param.value / 1e9
    return HardwareResult(h, low, high, total)
