"""The HTTP API: FastAPI app, one router per domain, problem-JSON error translation."""
