#!/usr/bin/env python
"""Django's command-line utility; the `fraudhub` console script is the usual way in."""

import sys

from fraudhub.cli import main

if __name__ == "__main__":
    sys.exit(main())
