"""Hardware back-calculation: bandwidth bounds the active size, memory the total."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.schema import HardwareInputs


@dataclass(frozen=True)
class Bounds:
    active_low_B: float
    active_high_B: float
    """The active parameters a decode stream can read per token, at the low and high
    utilisation of the bandwidth."""
    total_max_B: float
    """The most parameters the slice's memory holds."""
    implied_total_B: tuple[float, float] | None = None
    """For a mixture of experts with a known active share: the active bounds ÷ that share."""


@dataclass(frozen=True)
class HardwareResult:
    inputs: HardwareInputs
    active_low_B: float
    active_high_B: float
    total_max_B: float


def bounds(
    *,
    bandwidth_TBps: float,
    memory_GB: float,
    chips: float,
    tokens_per_s: float,
    bytes_per_param: float,
    utilisation: tuple[float, float],
    active_share: float | None = None,
) -> Bounds:
    """Decode reads every active weight once a token, so bandwidth bounds the active size;
    the weights must fit in the slice's memory, so memory bounds the total. The methods
    page's calculator computes the same, in the same order."""
    bytes_per_s = bandwidth_TBps * 1e12 * chips
    per_token = tokens_per_s * bytes_per_param
    low = bytes_per_s * utilisation[0] / per_token / 1e9
    high = bytes_per_s * utilisation[1] / per_token / 1e9
    total = memory_GB * 1e9 * chips / bytes_per_param / 1e9
    implied = (low / active_share, high / active_share) if active_share else None
    return Bounds(low, high, total, implied)


def hardware(h: HardwareInputs) -> HardwareResult:
    b = bounds(
        bandwidth_TBps=h.bandwidth_TBps.value,
        memory_GB=h.memory_GB.value,
        chips=h.chips.value,
        tokens_per_s=h.decode_tokens_per_s.value,
        bytes_per_param=h.bytes_per_param.value,
        utilisation=(h.utilisation.low, h.utilisation.high),
    )
    return HardwareResult(h, b.active_low_B, b.active_high_B, b.total_max_B)
