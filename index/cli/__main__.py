import sys

from index.cli.commands import main

sys.exit(main())
