"""Helpers for the test suites of every app."""
