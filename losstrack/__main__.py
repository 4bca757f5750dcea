"""Allow `python -m losstrack`."""

from losstrack.cli import main

main()
