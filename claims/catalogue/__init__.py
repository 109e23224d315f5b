"""The claims as data: one package per id prefix, each exposing CLAIMS (records in paper order) and ORDER.

A family package holds ``claims.py`` (records only), its trial functions beside it and ``experiments.py``
(the report's experiments: data only). A family is registered by an entry point in pyproject.toml, as a
third-party family is (claims.registry; docs/writing-a-claim.md): nothing here lists the families.
"""
