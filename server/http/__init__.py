"""HTTP beside the socket: health and the web clients, the JSON API by subject, the edge (read timeouts,
limits, origins, headers, the client's address) and the OpenAPI document."""
