"""What nodes share: the bus that carries room events and control messages between nodes, and the room
state (members, `seq`, history, replay) in process memory or in Redis (one server or a Redis Cluster)
behind one port."""
