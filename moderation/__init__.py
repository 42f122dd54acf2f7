"""Moderation: the hook pipeline, rate limits and (later) filters and tools. Sans-I/O."""
