"""dashboards selectors."""
