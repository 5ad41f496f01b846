// WebSocket: under construction.
