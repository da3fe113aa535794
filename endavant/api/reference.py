"""The reference page of the API, drawn on the server from its OpenAPI document.

No Swagger UI or ReDoc: their bundles weigh more than a megabyte, need JavaScript and inline
styles our Content-Security-Policy refuses. This page is plain HTML in the site's layout, works
without JavaScript and says the same as ``/api/openapi.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from endavant.api.main import api


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    type: str
    constraints: str
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    response: str = ""

    @property
    def anchor(self) -> str:
        return "op-" + "".join(c if c.isalnum() else "-" for c in self.path).strip("-")

    @property
    def example(self) -> str:
        """The address itself when it takes no path parameter (a link to try)."""
        return "" if "{" in self.path else self.path


@dataclass
class Section:
    tag: str
    operations: list[Operation] = field(default_factory=list)


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional value."""
    for branch in schema.get("anyOf", []):
        if branch.get("type") != "null":
            return {**schema, **branch}
    return schema


def _type(schema: dict[str, Any]) -> str:
    schema = _plain(schema)
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = str(schema.get("type", "string"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _constraints(schema: dict[str, Any]) -> str:
    schema = _plain(schema)
    parts = []
    for key, sign in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤")):
        if key in schema:
            parts.append(f"{sign} {schema[key]}")
    if "pattern" in schema:
        parts.append(f"pattern {schema['pattern']}")
    if "default" in schema and schema["default"] is not None:
        parts.append(f"default {schema['default']}")
    return ", ".join(parts)


def _response_name(responses: dict[str, Any]) -> str:
    content = responses.get("200", {}).get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    return f"[{name}]" if schema.get("type") == "array" and name else name


def sections() -> tuple[dict[str, Any], list[Section]]:
    """The document's info and its operations grouped by tag, in the document's order."""
    document = api.get_openapi_schema()
    found: dict[str, Section] = {}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            tag = (operation.get("tags") or ["API"])[0]
            section = found.setdefault(tag, Section(tag))
            section.operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=[
                        Parameter(
                            name=p["name"],
                            location=p["in"],
                            required=bool(p.get("required")),
                            type=_type(p.get("schema", {})),
                            constraints=_constraints(p.get("schema", {})),
                            description=p.get("description")
                            or p.get("schema", {}).get("description", ""),
                        )
                        for p in operation.get("parameters", [])
                    ],
                    statuses=sorted(operation.get("responses", {})),
                    response=_response_name(operation.get("responses", {})),
                )
            )
    return document["info"], list(found.values())
