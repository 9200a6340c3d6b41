"""teams api."""
