"""The `careqa` command line."""
