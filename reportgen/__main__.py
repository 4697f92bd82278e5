"""``python -m reportgen``: the same command as ``reportgen``."""

from reportgen.cli import main

main()
