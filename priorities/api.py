"""priorities api."""
