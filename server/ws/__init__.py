"""The WebSocket transport: the front door that takes every socket, the opening handshake, frames read
without I/O, the codecs, and one asyncio protocol per upgraded socket. Nothing here knows about rooms."""
