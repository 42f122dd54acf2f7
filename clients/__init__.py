"""What talks to a Tsunagaru server over the wire only: the Python SDK
(`clients.sdk`), the load generator (`clients.loadgen`) and the web clients.

Nothing here imports `server/`; the only core module used is
`rooms.protocol`, the wire contract in code form.
"""
