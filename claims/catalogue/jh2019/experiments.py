"""Report experiments of the jh2019 family (data only; rendered by claims/report/sections/jh2019.py)."""

EXPERIMENTS = ()
