"""reportgen: officers' Excel inputs in, numbered Cabinet reports out as Word and PDF."""

from reportgen.api import build, load, validate
from reportgen.errors import InputError, Problem

__all__ = ["InputError", "Problem", "build", "load", "validate"]
