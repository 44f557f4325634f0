"""``python -m groundup`` runs the command line."""

from groundup.cli.app import main

main()
