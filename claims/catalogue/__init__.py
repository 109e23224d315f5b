"""The claims as data: one package per id prefix, each exposing CLAIMS (records in paper order).

A family package holds ``claims.py`` (records only), its trial functions beside it and ``experiments.py``
(the report's experiments: data only). Adding a family is adding its package and its name here.
"""

FAMILIES = ("du2018a", "ext", "clc2018", "kawaguchi2016", "landscape", "jh2019", "du2018b", "yuchen1995")
