"""One node's realtime side: a connection's requests to the rooms, the bus and the fanout; moderation
on the hot path and moderators' requests; live booths and handoffs; the node's background jobs."""
