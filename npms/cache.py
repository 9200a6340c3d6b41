"""A Redis cache that fails open (DESIGN.md section 9: "Redis down is a degraded mode, not an
outage").

Django's ``RedisCache`` raises ``redis.ConnectionError`` from every call while Redis is down,
which turned the public API, the partner-key throttle and (before django-axes) sign-in into
server errors. This backend answers as an empty cache instead: a read misses (the caller
computes the answer), a write is dropped, ``incr`` behaves as for a missing key. DRF's
throttles keep their history in the cache, so with Redis down they see no history and let
every request through: no throttling meanwhile, as DESIGN.md asks.

After a failure the cache is skipped for ``RETRY_SECONDS`` so a request does not pay a
connection attempt per cache call; the first failure of an outage is logged as a warning.
Short socket timeouts (settings, ``OPTIONS``) keep a hung Redis from holding requests.

Django's Redis client builds a new ``redis.Redis`` object for every cache call, and redis-py 8
fills a table of ~170 response callbacks in each: about a quarter of a millisecond per call,
more than the call itself on a loopback socket (issue 15: the public API's cached answers).
``ReusingRedisCacheClient`` makes one per connection pool and reuses it; a ``redis.Redis``
is safe to share between threads (each command takes a connection from the pool).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, with one ``redis.Redis`` per connection pool instead of one per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    _down_until = 0.0  # per process

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _available(self) -> bool:
        return time.monotonic() >= FailOpenRedisCache._down_until

    def _failed(self, error: Exception) -> None:
        if self._available():
            logger.warning("Redis cache unavailable (%s); carrying on without it.", error)
        FailOpenRedisCache._down_until = time.monotonic() + RETRY_SECONDS

    def _call(self, name: str, fallback, *args, **kwargs):
        if not self._available():
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except DOWN as error:
            self._failed(error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", missing, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
