"""The other ways of sizing a model, one module each: benchmark regression, hardware
back-calculation, training compute, architecture counts. Numbers only; the report views put
them side by side.

Confidence labels follow one scale: High (disclosed or counted), Medium (measured with a
checked method), Low (a weak or distant relation), Speculative (heuristics, quoted figures
whose assumptions are unknown).
"""
