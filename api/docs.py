"""The OpenAPI document read as a page: operations by tag, their parameters, bodies and
answers, with the schemas' fields spelled out (``templates/api/docs.html``)."""

from __future__ import annotations

from typing import Any

METHODS = ("get", "put", "post", "patch", "delete")


def _resolve(schema: dict, spec: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return spec.get("components", {}).get("schemas", {}).get(name, {})
    return schema


def type_of(schema: dict, spec: dict) -> str:
    """A short type name: "integer", "string (date)", "list of FigureOut", "Problem"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [type_of(s, spec) for s in schema["anyOf"] if s.get("type") != "null"]
        nullable = any(s.get("type") == "null" for s in schema["anyOf"])
        return " | ".join(kinds) + (" | null" if nullable else "")
    kind = schema.get("type", "")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}), spec)}"
    if kind == "object" and "additionalProperties" in schema:
        return f"map of {type_of(schema['additionalProperties'], spec)}"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind or "any"


def fields_of(schema: dict, spec: dict) -> list[dict[str, Any]]:
    schema = _resolve(schema, spec)
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        limits = [
            f"{label} {prop[key]}"
            for key, label in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "max"))
            if key in prop
        ]
        for option in prop.get("anyOf", []):
            limits += [
                f"{label} {option[key]}"
                for key, label in (("minimum", "≥"), ("maximum", "≤"))
                if key in option
            ]
        rows.append(
            {
                "name": name,
                "type": type_of(prop, spec),
                "required": name in required,
                "description": prop.get("description", ""),
                "limits": ", ".join(limits),
            }
        )
    return rows


def operations(spec: dict) -> list[dict[str, Any]]:
    """[{"tag", "operations": [...]}] in the document's order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["API"])[0]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            body_schema = _resolve(body["schema"], spec) if body else None
            answers = []
            for status, answer in operation.get("responses", {}).items():
                content = answer.get("content", {})
                kinds = ", ".join(content) or "–"
                schema = next(iter(content.values()), {}).get("schema", {})
                answers.append(
                    {
                        "status": status,
                        "description": answer.get("description", ""),
                        "content": kinds,
                        "type": type_of(schema, spec) if schema else "",
                    }
                )
            groups.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p.get("in", ""),
                            "required": p.get("required", False),
                            "type": type_of(p.get("schema", {}), spec),
                            "description": p.get("description")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": fields_of(body_schema, spec) if body_schema else None,
                    "body_name": body["schema"].get("$ref", "").rsplit("/", 1)[-1] if body else "",
                    "responses": answers,
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


def components(spec: dict) -> list[dict[str, Any]]:
    return [
        {"name": name, "fields": fields_of(schema, spec)}
        for name, schema in spec.get("components", {}).get("schemas", {}).items()
    ]
