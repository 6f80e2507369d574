"""The declaration aggregate, its status table and its event timeline."""
