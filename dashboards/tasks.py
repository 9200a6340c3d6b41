"""dashboards tasks."""
