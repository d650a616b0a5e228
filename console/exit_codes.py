"""The process's exit codes, for the window and every subcommand alike
(argparse itself exits 2 on a usage error). Importing this loads nothing."""

EXIT_OK, EXIT_FAILED = 0, 1
