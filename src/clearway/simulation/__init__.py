"""The facilitation simulator: a port as queues, driven by the platform's own pure rules."""
