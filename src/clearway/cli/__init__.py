"""The `clearway` command line: one sub-command module per domain."""
