"""Sitrep: open-source reports in, a cited incident database and a weekly bulletin out."""

__version__ = "0.1.0"
