"""Checks the named Athena queries offline and runs them over sample data.

    .venv/athena/bin/python test/support/athena_check.py < spec.json > result.json

The spec: {"tables": [{"name", "columns": [{"name", "type"}], "partitions": [...],
"regex"?: str, "records"?: [{"record": {...}, "partition": {...}}],
"lines"?: [{"line": str, "partition": {...}}]}], "queries": [{"id", "table", "sql",
"parameters": [str]}]}.

For each query: sqlglot parses it as Trino (Athena engine 3); every column it names
must be a column, a partition, a struct field of its table, or an alias the query
defines; its execution parameters (`?`, in order) are replaced by string literals,
as Athena does; the result is transpiled to DuckDB and run over the tables, which
are loaded as Athena would read them: CloudTrail records through the columns' types
(what the JSON SerDe does: objects in string columns become JSON text), access-log
lines through the table's regex (what RegexSerDe does: a line that does not match
reads as NULLs; a BIGINT group that is not a number reads as NULL).
"""
import json
import os
import sys
import tempfile

import duckdb
import sqlglot
from sqlglot import exp


# --- Hive types -------------------------------------------------------------------

def parse_type(text: str):
    """A Hive type as a tree: ("string",), ("struct", [(name, type)]), ("array", t), ("map", k, v)."""
    pos = 0

    def ident() -> str:
        nonlocal pos
        start = pos
        while pos < len(text) and (text[pos].isalnum() or text[pos] == "_"):
            pos += 1
        return text[start:pos].lower()

    def expect(ch: str) -> None:
        nonlocal pos
        if text[pos] != ch:
            raise ValueError(f"expected {ch!r} at {pos} in {text!r}")
        pos += 1

    def node():
        nonlocal pos
        name = ident()
        if name == "struct":
            expect("<")
            fields = []
            while True:
                field = ident()
                expect(":")
                fields.append((field, node()))
                if text[pos] == ",":
                    pos += 1
                    continue
                expect(">")
                return ("struct", fields)
        if name == "array":
            expect("<")
            inner = node()
            expect(">")
            return ("array", inner)
        if name == "map":
            expect("<")
            key = node()
            expect(",")
            value = node()
            expect(">")
            return ("map", key, value)
        return (name,)

    tree = node()
    if pos != len(text):
        raise ValueError(f"trailing text at {pos} in {text!r}")
    return tree


SCALARS = {"string": "VARCHAR", "bigint": "BIGINT", "int": "INTEGER", "boolean": "BOOLEAN", "double": "DOUBLE"}


def duck_type(t) -> str:
    if t[0] == "struct":
        return "STRUCT(" + ", ".join(f'"{n}" {duck_type(ft)}' for n, ft in t[1]) + ")"
    if t[0] == "array":
        return duck_type(t[1]) + "[]"
    if t[0] == "map":
        return f"MAP({duck_type(t[1])}, {duck_type(t[2])})"
    return SCALARS[t[0]]


def serde_value(value, t):
    """A JSON value read into a column of type t, as the Hive JSON SerDe reads it."""
    if value is None:
        return None
    if t[0] == "struct":
        if not isinstance(value, dict):
            return None
        lower = {k.lower(): v for k, v in value.items()}
        return {n: serde_value(lower.get(n), ft) for n, ft in t[1]}
    if t[0] == "array":
        return [serde_value(v, t[1]) for v in value] if isinstance(value, list) else None
    if t[0] == "map":
        return {str(k): serde_value(v, t[2]) for k, v in value.items()} if isinstance(value, dict) else None
    if t[0] == "string":
        if isinstance(value, (dict, list)):
            return json.dumps(value, separators=(",", ":"))
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    return value


# --- Column checks ----------------------------------------------------------------

def column_problems(tree, table: dict) -> list:
    types = {c["name"]: parse_type(c["type"]) for c in table["columns"] + table["partitions"]}
    aliases = {a.alias.lower() for a in tree.find_all(exp.Alias)}
    problems = []
    for t in tree.find_all(exp.Table):
        if t.name.lower() != table["name"]:
            problems.append(f"reads table {t.name}, not {table['name']}")
    for col in tree.find_all(exp.Column):
        parts = [p.name.lower() for p in col.parts]
        if parts[0] == table["name"]:
            parts = parts[1:]
        root = parts[0]
        if root in types:
            t = types[root]
            for field in parts[1:]:
                fields = dict(t[1]) if t[0] == "struct" else {}
                if field not in fields:
                    problems.append(f"{'.'.join(parts)}: {root} has no field {field}")
                    break
                t = fields[field]
        elif not (len(parts) == 1 and root in aliases):
            problems.append(f"{'.'.join(parts)}: no such column in {table['name']}")
    return problems


def with_parameters(tree, values: list):
    # In the order they are written (depth first), as Athena numbers them.
    placeholders = [n for n in tree.walk(bfs=False) if isinstance(n, exp.Placeholder)]
    if len(placeholders) != len(values):
        raise ValueError(f"the query has {len(placeholders)} parameters, {len(values)} given")
    for node, value in zip(placeholders, values):
        node.replace(exp.Literal.string(value))
    return tree


# --- Tables -----------------------------------------------------------------------

def load(con, table: dict, workdir: str) -> int:
    name = table["name"]
    columns = table["columns"] + table["partitions"]
    ddl = ", ".join(f'"{c["name"]}" {duck_type(parse_type(c["type"]))}' for c in columns)
    con.execute(f'CREATE TABLE "{name}" ({ddl})')
    if "records" in table:
        rows = []
        for item in table["records"]:
            # The JSON SerDe matches fields to columns by name, case-insensitively.
            lower = {k.lower(): v for k, v in item["record"].items()}
            row = {c["name"]: serde_value(lower.get(c["name"]), parse_type(c["type"])) for c in table["columns"]}
            row.update(item["partition"])
            rows.append(row)
        path = os.path.join(workdir, f"{name}.json")
        with open(path, "w") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
        spec = "{" + ", ".join(f"'{c['name']}': '{duck_type(parse_type(c['type']))}'" for c in columns) + "}"
        con.execute(f"INSERT INTO \"{name}\" SELECT * FROM read_json('{path}', format='newline_delimited', columns={spec})")
        return len(rows)
    if "lines" in table:
        con.execute("CREATE TEMP TABLE raw_lines (line VARCHAR, p JSON)")
        con.executemany("INSERT INTO raw_lines VALUES (?, ?)", [(i["line"], json.dumps(i["partition"])) for i in table["lines"]])
        names = [c["name"] for c in table["columns"]]
        regex = table["regex"].replace("'", "''")
        name_list = "[" + ", ".join(f"'{n}'" for n in names) + "]"
        fields = []
        for c in table["columns"]:
            # An optional group that did not take part reads as NULL, as with RegexSerDe,
            # and so does every field of a line the regex does not match.
            value = f"CASE WHEN regexp_full_match(line, '{regex}') THEN NULLIF(m.\"{c['name']}\", '') END"
            fields.append(f"TRY_CAST({value} AS BIGINT)" if c["type"] == "bigint" else value)
        parts = [f"p->>'{c['name']}'" for c in table["partitions"]]
        con.execute(
            f'INSERT INTO "{name}" SELECT {", ".join(fields + parts)} '
            f"FROM (SELECT line, p, regexp_extract(line, '{regex}', {name_list}) AS m FROM raw_lines)"
        )
        con.execute("DROP TABLE raw_lines")
        return len(table["lines"])
    return 0


def main() -> None:
    spec = json.load(sys.stdin)
    con = duckdb.connect()
    out = {"tables": {}, "queries": {}}
    with tempfile.TemporaryDirectory() as workdir:
        for table in spec["tables"]:
            out["tables"][table["name"]] = load(con, table, workdir)
    tables = {t["name"]: t for t in spec["tables"]}
    for q in spec["queries"]:
        result = {"problems": []}
        try:
            tree = sqlglot.parse_one(q["sql"], read="trino")
        except sqlglot.errors.ParseError as e:
            result["problems"].append(f"does not parse as Trino: {e}")
            out["queries"][q["id"]] = result
            continue
        result["problems"] += column_problems(tree, tables[q["table"]])
        try:
            duck = with_parameters(tree.copy(), q["parameters"]).sql(dialect="duckdb")
            result["duckdb"] = duck
            cursor = con.execute(duck)
            result["columns"] = [d[0] for d in cursor.description]
            result["rows"] = [list(r) for r in cursor.fetchall()]
        except Exception as e:  # noqa: BLE001 - reported, the test fails on it
            result["problems"].append(f"does not run: {e}")
        out["queries"][q["id"]] = result
    if "select" in spec:
        out["select"] = [list(r) for r in con.execute(spec["select"]).fetchall()]
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
