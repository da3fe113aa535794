"""Endavant: participatory digital governance of isolated territories."""

__version__ = "0.1.0"
