"""The ``kg`` command: a thin layer over the public API.

Nothing heavy is imported before a subcommand runs, so ``kg --help`` is instant.

Layer: the top; it may import every other package, inside the function of the command that needs it.
"""

from __future__ import annotations

from kg.cli.main import main

__all__ = ["main"]
