"""Everything that touches the outside world: HTTP, /ws, codecs, bus adapters, storage."""
