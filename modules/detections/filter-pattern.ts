/**
 * An offline evaluator for CloudWatch Logs JSON filter patterns, the syntax of metric
 * filters on a CloudTrail log group: `{ ($.eventName = "StopLogging") || ... }`.
 *
 * Supported: selectors (`$.a.b`, `$.a[0]`, `$.a[1].b`), `=` and `!=` on strings and
 * numbers (quoted or bare values, `*` as a wildcard anywhere in a string), `<`, `>`,
 * `<=`, `>=` on numbers, `IS NULL`, `IS TRUE`, `IS FALSE`, `EXISTS`, `NOT EXISTS`,
 * `&&`, `||` (`&&` binds tighter, as in CloudWatch Logs) and parentheses.
 *
 * A comparison on a field that is absent, or is an object or array, is false, for
 * `!=` too: `{ $.x != "a" }` does not match an event without `x`.
 *
 * @example
 * matchesFilterPattern('{ ($.eventName = "StopLogging") || ($.eventName = "DeleteTrail") }', record); // boolean
 */

export type FilterExpression =
  | { readonly kind: "or" | "and"; readonly left: FilterExpression; readonly right: FilterExpression }
  | {
      readonly kind: "compare";
      readonly path: readonly (string | number)[];
      readonly op: "=" | "!=" | "<" | ">" | "<=" | ">=";
      readonly value: string | number;
    }
  | {
      readonly kind: "test";
      readonly path: readonly (string | number)[];
      readonly test: "null" | "true" | "false" | "exists" | "not-exists";
    };

/** A syntax error, with the character offset where it was found. */
export class FilterPatternError extends Error {
  constructor(
    message: string,
    readonly pattern: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset} in filter pattern ${pattern}`);
    this.name = "FilterPatternError";
  }
}

interface Token {
  readonly type: "{" | "}" | "(" | ")" | "&&" | "||" | "op" | "selector" | "string" | "word";
  readonly text: string;
  readonly at: number;
}

const OPERATORS = ["!=", "<=", ">=", "=", "<", ">"];

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (/\s/.test(c)) {
      i++;
    } else if ("{}()".includes(c)) {
      tokens.push({ type: c as Token["type"], text: c, at: i++ });
    } else if (pattern.startsWith("&&", i) || pattern.startsWith("||", i)) {
      tokens.push({ type: pattern.slice(i, i + 2) as "&&" | "||", text: pattern.slice(i, i + 2), at: i });
      i += 2;
    } else if (OPERATORS.some((op) => pattern.startsWith(op, i))) {
      const op = OPERATORS.find((o) => pattern.startsWith(o, i))!;
      tokens.push({ type: "op", text: op, at: i });
      i += op.length;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      while (j < pattern.length && pattern[j] !== '"') {
        if (pattern[j] === "\\" && j + 1 < pattern.length) j++;
        text += pattern[j++];
      }
      if (j >= pattern.length) throw new FilterPatternError("unterminated string", pattern, i);
      tokens.push({ type: "string", text, at: i });
      i = j + 1;
    } else {
      const m = /^[^\s(){}"=!<>&|]+/.exec(pattern.slice(i));
      if (!m) throw new FilterPatternError(`unexpected "${c}"`, pattern, i);
      tokens.push({ type: m[0].startsWith("$") ? "selector" : "word", text: m[0], at: i });
      i += m[0].length;
    }
  }
  return tokens;
}

function parseSelector(text: string, pattern: string, at: number): (string | number)[] {
  const path: (string | number)[] = [];
  const re = /\.([A-Za-z0-9_@:-]+)|\[(\d+)\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < text.length) {
    const start = re.lastIndex;
    const m = re.exec(text);
    if (!m) throw new FilterPatternError(`invalid selector "${text}"`, pattern, at + start);
    path.push(m[1] !== undefined ? m[1] : Number(m[2]));
  }
  if (path.length === 0) throw new FilterPatternError(`empty selector "${text}"`, pattern, at);
  return path;
}

/** Parses a JSON filter pattern. @throws FilterPatternError */
export function parseFilterPattern(pattern: string): FilterExpression {
  const tokens = tokenize(pattern);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    const t = peek();
    throw new FilterPatternError(
      t ? `expected ${what}, found "${t.text}"` : `expected ${what}, found the end`,
      pattern,
      t?.at ?? pattern.length,
    );
  };
  const expect = (type: Token["type"], what: string) => (peek()?.type === type ? tokens[pos++] : fail(what));
  const keyword = (word: string) => peek()?.type === "word" && peek().text.toUpperCase() === word;

  function orExpr(): FilterExpression {
    let left = andExpr();
    while (peek()?.type === "||") {
      pos++;
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  }
  function andExpr(): FilterExpression {
    let left = primary();
    while (peek()?.type === "&&") {
      pos++;
      left = { kind: "and", left, right: primary() };
    }
    return left;
  }
  function primary(): FilterExpression {
    if (peek()?.type === "(") {
      pos++;
      const inner = orExpr();
      expect(")", '")"');
      return inner;
    }
    const sel = expect("selector", "a selector such as $.eventName");
    const path = parseSelector(sel.text, pattern, sel.at);
    if (keyword("IS")) {
      pos++;
      const which = peek()?.type === "word" ? peek().text.toUpperCase() : "";
      if (!["NULL", "TRUE", "FALSE"].includes(which)) fail("NULL, TRUE or FALSE");
      pos++;
      return { kind: "test", path, test: which.toLowerCase() as "null" | "true" | "false" };
    }
    if (keyword("NOT")) {
      pos++;
      if (!keyword("EXISTS")) fail("EXISTS");
      pos++;
      return { kind: "test", path, test: "not-exists" };
    }
    if (keyword("EXISTS")) {
      pos++;
      return { kind: "test", path, test: "exists" };
    }
    const op = expect("op", "a comparison operator").text as "=" | "!=" | "<" | ">" | "<=" | ">=";
    const v = peek();
    if (!v || (v.type !== "string" && v.type !== "word")) return fail("a value");
    pos++;
    const numeric = v.type === "word" && /^-?\d+(\.\d+)?$/.test(v.text);
    if (["<", ">", "<=", ">="].includes(op) && !numeric) {
      throw new FilterPatternError(`${op} needs a number`, pattern, v.at);
    }
    return { kind: "compare", path, op, value: numeric ? Number(v.text) : v.text };
  }

  expect("{", '"{"');
  const expr = orExpr();
  expect("}", '"}"');
  if (pos < tokens.length) fail("the end of the pattern");
  return expr;
}

function resolve(event: unknown, path: readonly (string | number)[]): { found: boolean; value?: unknown } {
  let cur: unknown = event;
  for (const seg of path) {
    if (typeof seg === "number") {
      if (!Array.isArray(cur) || seg >= cur.length) return { found: false };
      cur = cur[seg];
    } else {
      if (typeof cur !== "object" || cur === null || Array.isArray(cur) || !(seg in cur)) return { found: false };
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return { found: true, value: cur };
}

function wildcardEquals(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const re = pattern
    .split("*")
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${re}$`, "s").test(value);
}

function evaluate(expr: FilterExpression, event: unknown): boolean {
  switch (expr.kind) {
    case "or":
      return evaluate(expr.left, event) || evaluate(expr.right, event);
    case "and":
      return evaluate(expr.left, event) && evaluate(expr.right, event);
    case "test": {
      const { found, value } = resolve(event, expr.path);
      if (expr.test === "exists") return found;
      if (expr.test === "not-exists") return !found;
      if (expr.test === "null") return found && value === null;
      return found && value === (expr.test === "true");
    }
    case "compare": {
      const { found, value } = resolve(event, expr.path);
      if (!found || value === null || typeof value === "object") return false;
      let equal: boolean;
      if (typeof expr.value === "number") {
        if (typeof value !== "number") return false;
        switch (expr.op) {
          case "<":
            return value < expr.value;
          case ">":
            return value > expr.value;
          case "<=":
            return value <= expr.value;
          case ">=":
            return value >= expr.value;
          default:
            equal = value === expr.value;
        }
      } else {
        equal = wildcardEquals(expr.value, String(value));
      }
      return expr.op === "=" ? equal : !equal;
    }
  }
}

/**
 * Whether a log event (a parsed object, or its JSON text) matches a JSON filter
 * pattern. A text that is not JSON matches no JSON pattern.
 */
export function matchesFilterPattern(pattern: string | FilterExpression, event: unknown): boolean {
  const expr = typeof pattern === "string" ? parseFilterPattern(pattern) : pattern;
  let parsed = event;
  if (typeof event === "string") {
    try {
      parsed = JSON.parse(event);
    } catch {
      return false;
    }
  }
  return evaluate(expr, parsed);
}
