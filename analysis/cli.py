"""Command line: ``python -m analysis SUBCOMMAND ...``.

Each analysis module owns its subcommand through a ``register_cli(subparsers)`` function that
adds a parser and sets ``func`` (called with the parsed arguments, returning an exit code).
Stdout carries only data (JSON lines, CSV); messages and progress go to stderr.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Modules that contribute a subcommand, in the order they are listed in --help.
SUBCOMMAND_MODULES = ["corpus", "terms", "topics", "framing", "validate", "report", "cache"]


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (``--top -3`` is an error, not a table).

    >>> positive_int("20")
    20
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small: give a whole number of 1 or more")
    return value


def positive_float(text: str) -> float:
    """An argparse type: a number greater than 0.

    >>> positive_float("0.5")
    0.5
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not allowed: give a number greater than 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Corpus cleaning and framing analysis of Indonesian online news.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(f"analysis.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"analysis.{name}":
                raise
            continue  # that analysis is not part of this version of the package
        module.register_cli(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0
