"""Running in production: metrics, health and memory."""
