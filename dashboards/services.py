"""dashboards services."""
