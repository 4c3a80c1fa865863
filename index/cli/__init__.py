"""`newsdesk`: the terminal front end."""

from index.cli.commands import main
from index.cli.common import configure_logging

__all__ = ["configure_logging", "main"]
