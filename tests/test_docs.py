"""Every command and option of the CLI is documented in the README."""
from __future__ import annotations

import argparse

from conftest import REPO
from newsweave.cli import build_parser

README = (REPO / "README.md").read_text(encoding="utf-8")


def _subcommands(parser: argparse.ArgumentParser, prefix: str = "newsweave"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _subcommands(sub, f"{prefix} {name}")
            return
    yield prefix, parser


def test_every_command_and_option_is_in_the_readme():
    for command, parser in _subcommands(build_parser()):
        assert f"`{command}" in README, f"{command} is not documented in README.md"
        for action in parser._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in README, f"{command} {flag} is not documented in README.md"
