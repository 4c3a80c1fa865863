"""`python -m index.cli`: the `newsdesk` command."""

import sys

from index.cli.commands import main

sys.exit(main())
