"""Strict readers for settings taken from the environment.

After healthchecks' ``hc/settings.py``: a value that is present but malformed stops the
process at start-up with a message naming the variable, instead of surfacing later as an
odd runtime failure.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_rate(name: str, default: str | None) -> str | None:
    """A REST framework throttle rate such as ``120/minute``; ``off`` turns the throttle off."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    value = value.strip()
    if value.lower() == "off":
        return None
    if not re.fullmatch(r"[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 120/minute (or off).")
    return value


def env_map(name: str, default: dict[str, str]) -> dict[str, str]:
    """``key=value,key=value`` (e.g. ``SNAPSHOT_QUEUES=metropolitan=snapshots-met``); a part
    without exactly one ``=`` or with an empty side stops start-up naming the variable."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    out = {}
    for part in value.split(","):
        if not part.strip():
            continue
        key, sep, item = (s.strip() for s in part.partition("="))
        if not sep or not key or not item or "=" in item:
            raise ImproperlyConfigured(
                f"{name}={value!r}: {part.strip()!r} is not key=value (e.g. force-slug=queue)."
            )
        out[key] = item
    return out
