"""Errors the services raise besides django.core.exceptions.ValidationError."""


class StaleEdit(Exception):
    """The record changed since the caller read it (optimistic concurrency on ``version``).

    Nothing was saved. The API answers 409; pages show the message and keep what was typed.
    """

    def __init__(self, model_name: str, expected: int, current: int):
        self.expected = expected
        self.current = current
        super().__init__(
            f"This {model_name} was changed by someone else since you opened it "
            f"(your version {expected}, now version {current}). Reload it and apply your "
            "change again; nothing was saved."
        )
