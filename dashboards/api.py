"""dashboards api."""
