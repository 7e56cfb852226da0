"""The command group: the commands kept in other modules are imported only when one is asked for."""

from __future__ import annotations

import importlib

import click


class Commands(click.Group):
    """The commands; those in other modules are imported when asked for, so that ``solve`` loads only its own."""

    elsewhere = {
        "audit": "labor_opt.cli.insight",
        "explain": "labor_opt.cli.insight",
        "init": "labor_opt.cli.authoring",
        "schema": "labor_opt.cli.authoring",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.elsewhere})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.elsewhere and cmd_name not in self.commands:
            command = getattr(importlib.import_module(self.elsewhere[cmd_name]), cmd_name)
            assert isinstance(command, click.Command)
            self.add_command(command)
        return super().get_command(ctx, cmd_name)
