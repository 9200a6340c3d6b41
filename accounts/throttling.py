"""Who a request comes from, for the throttles and the sign-in lock-out (DESIGN.md section 9).

One rule everywhere: Django REST framework's, driven by its ``NUM_PROXIES`` API setting, which
settings.py takes from ``NUM_PROXIES`` in the environment. With no proxy (0) the address is the
socket's (``REMOTE_ADDR``) and ``X-Forwarded-For`` is ignored, so a client cannot pick its own
throttle bucket by sending one; behind N trusted proxies it is the address the outermost of
them saw, N-th from the right of ``X-Forwarded-For`` (the right-most with one proxy).
"""

from rest_framework.throttling import BaseThrottle


def client_address(request) -> str:
    """The client's address under the trusted-proxy rule above (a Django or DRF request)."""
    return BaseThrottle().get_ident(request)
