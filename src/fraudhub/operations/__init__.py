"""Running the service: health checks for a load balancer, request logs and metrics for
operators, the worker's heartbeat and the scheduler that books daily work."""
