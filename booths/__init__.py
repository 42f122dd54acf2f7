"""Booths, the member directory, the matcher and the handoff lifecycle. Sans-I/O."""
