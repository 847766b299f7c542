"""The shared family-time calendar: proposals, approval, series, what happened, levels.

The rules and the API the pages call are in `services.py` (see its docstring); `levels.py`
holds each parent's family-time level, `series.py` the agenda and court-record reads.
"""
