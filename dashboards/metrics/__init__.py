"""The metric formulas of DESIGN.md section 4, re-exported by dashboards.selectors."""
