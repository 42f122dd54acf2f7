"""The sans-I/O realtime core: rooms, members, positions, chat, sequence numbers.

Nothing in this package performs I/O or imports asyncio networking, aiohttp,
redis or SQLAlchemy. The server feeds it inputs (a join, a message, a clock
reading) and writes out the events it returns.
"""
