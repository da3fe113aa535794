"""SIREN validation for the directory. Plain Python."""

from __future__ import annotations


def luhn_valid(digits: str) -> bool:
    """True when the string of digits passes the Luhn checksum."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren_valid(value: str) -> bool:
    """True for a well-formed SIREN: exactly nine digits passing the Luhn checksum."""
    return len(value) == 9 and value.isdigit() and luhn_valid(value)
