"""OpenAPI schema post-processing: document the error answers every endpoint can give.

drf-spectacular describes the successful answers from the serializers; the errors all share
one shape (``npms.exceptions``), added here so that the schema is true for them as well.
"""

ERROR_SCHEMA = {
    "type": "object",
    "description": "The API's one error shape.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "description": "Each offending field or query parameter and its messages.",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["status", "code", "message", "fields"],
        }
    },
    "required": ["error"],
}

DESCRIPTIONS = {
    "400": "Bad input; `fields` names each offending field or parameter.",
    "401": "No credentials, or an unknown, revoked or expired API key.",
    "403": "Signed in, but the role may not do this.",
    "404": "No such object in the caller's scope (or no such page of a list).",
    "405": "Method not allowed.",
    "409": "Stale `version` (someone changed the record since it was read), or the write "
    "conflicts with data saved meanwhile, or other records still refer to what is deleted; "
    "nothing saved.",
    "429": "Too many requests (per API key, or per address for the public API); retry "
    "after the time in `Retry-After`.",
}


def add_error_responses(result, generator, request, public):
    """Postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes = []
            if path.startswith("/api/v1/"):
                codes += ["400", "401", "403", "429"]
            elif path.startswith("/api/police-uk/"):
                codes += ["429"]
                if path.endswith("locate-neighbourhood"):
                    codes.append("400")
            paged = any(
                p.get("name") in ("page", "cursor") for p in operation.get("parameters", [])
            )
            if "{" in path or paged:  # paginated lists: 404 for a page that does not exist
                codes.append("404")
            # A stale version, or a write the database refuses as a conflict (npms.integrity:
            # an unlisted constraint, a delete of a record others still refer to).
            if method in ("post", "put", "patch", "delete") and path.startswith("/api/v1/"):
                codes.append("409")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ref}},
                    },
                )
    return result
