"""Tests for endavant.voting (plain pytest + hypothesis, no Django)."""
