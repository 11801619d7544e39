import {
  FilterPatternError,
  matchesFilterPattern,
  parseFilterPattern,
} from "../../../modules/detections/filter-pattern";

// The sample events and patterns of the CloudWatch Logs documentation on JSON filter
// patterns, with the outcome the documentation gives for each.
const docEvent = {
  eventType: "UpdateTrail",
  sourceIPAddress: "111.111.111.111",
  arrayKey: ["value", "another value"],
  objectList: [
    { name: "a", id: 1 },
    { name: "b", id: 2 },
  ],
  SomeObject: null,
  cidr: "11.11.111.1111",
  abc: "abc",
  ThisFlag: true,
};
const compoundEvent = {
  user: { id: 1, email: "John.Doe@example.com" },
  users: [
    { id: 2, email: "John.Doe@example.com" },
    { id: 3, email: "Jane.Doe@example.com" },
  ],
  actions: ["GET", "PUT", "DELETE"],
  coordinates: [
    [0, 1],
    [2, 3],
  ],
};

describe("CloudWatch Logs JSON filter patterns", () => {
  test.each([
    ['{ $.eventType = "UpdateTrail" }', true],
    ["{ $.sourceIPAddress != 123.123.* }", true],
    ['{ $.arrayKey[0] = "value" }', true],
    ["{ $.objectList[1].id = 2 }", true],
    ["{ $.SomeObject IS NULL }", true],
    ["{ $.SomeOtherObject NOT EXISTS }", true],
    ["{ $.ThisFlag IS TRUE }", true],
    ['{ $.eventType = "Update*" }', true],
    ['{ $.eventType = "*Trail" }', true],
    ['{ $.eventType = "*date*" }', true],
    ['{ $.eventType = "updatetrail" }', false],
    ["{ $.sourceIPAddress = 111.111.* }", true],
    ["{ $.objectList[0].id > 0 }", true],
    ["{ $.objectList[0].id >= 2 }", false],
    ["{ $.objectList[1].id <= 2 }", true],
    ["{ $.objectList[1].id < 2 }", false],
    ["{ $.SomeObject EXISTS }", true],
    ["{ $.abc IS NULL }", false],
    ["{ $.ThisFlag IS FALSE }", false],
  ])("documented example %s on the sample event: %s", (pattern, expected) => {
    expect(matchesFilterPattern(pattern, docEvent)).toBe(expected);
  });

  test.each([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
    // && binds tighter than ||, so this is email || (coordinates && actions).
    ['{ $.user.email = "John.Doe@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', true],
    ['{ ($.user.email = "John.Doe@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', false],
  ])("documented compound example %s: %s", (pattern, expected) => {
    expect(matchesFilterPattern(pattern, compoundEvent)).toBe(expected);
  });

  test("a comparison on an absent field is false, for != too", () => {
    expect(matchesFilterPattern('{ $.missing != "x" }', docEvent)).toBe(false);
    expect(matchesFilterPattern('{ $.objectList != "x" }', docEvent)).toBe(false);
  });

  test("numbers compare as numbers, not strings", () => {
    expect(matchesFilterPattern("{ $.n = 10 }", { n: 10 })).toBe(true);
    expect(matchesFilterPattern("{ $.n = 10 }", { n: "10" })).toBe(false);
    expect(matchesFilterPattern("{ $.n > 9 }", { n: 10 })).toBe(true);
  });

  test("accepts the event as JSON text; text that is not JSON matches nothing", () => {
    expect(matchesFilterPattern('{ $.a = "b" }', '{"a":"b"}')).toBe(true);
    expect(matchesFilterPattern('{ $.a = "b" }', "a=b")).toBe(false);
  });

  test("escaped quotes inside a string", () => {
    expect(matchesFilterPattern('{ $.a = "say \\"hi\\"" }', { a: 'say "hi"' })).toBe(true);
  });

  test.each([
    ['$.a = "b"', 'expected "{", found "$.a" at offset 0'],
    ['{ $.a = "b" ', 'expected "}", found the end'],
    ['{ ($.a = "b" }', 'expected ")", found "}"'],
    ['{ $.a "b" }', 'expected a comparison operator, found "b"'],
    ['{ $.a > "b" }', "> needs a number"],
    ['{ $.a = "b }', "unterminated string"],
    ["{ $.a IS MAYBE }", 'expected NULL, TRUE or FALSE, found "MAYBE"'],
    ['{ $.a = "b" && }', 'expected a selector such as $.eventName, found "}"'],
  ])("rejects %s with a clear message", (pattern, message) => {
    expect(() => parseFilterPattern(pattern)).toThrow(FilterPatternError);
    expect(() => parseFilterPattern(pattern)).toThrow(message);
  });
});
