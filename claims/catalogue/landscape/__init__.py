"""Family landscape: saddles and loss landscapes (Lee 2016, Jin 2017, Ge 2016, Arora 2019, Safran & Shamir 2018,
Du 2017 and others)."""

from claims.catalogue.landscape import claims as _records

CLAIMS = _records.CLAIMS
