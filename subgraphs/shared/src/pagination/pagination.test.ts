import { GraphQLError } from "graphql";
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageSize, toConnection } from ".";

function codeOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return (error as GraphQLError).extensions.code;
  }
  return "no error";
}

describe("cursors", () => {
  it("round-trips sort-key values", () => {
    const cursor = encodeCursor(["2026-01-02T03:04:05.000Z", "order-0001"]);
    expect(decodeCursor(cursor, 2)).toEqual(["2026-01-02T03:04:05.000Z", "order-0001"]);
  });

  it.each([
    ["not base64 JSON", "%%%"],
    ["JSON that is not an array", Buffer.from('{"a":1}').toString("base64url")],
    ["an array of the wrong length", encodeCursor(["a", "b"])],
    ["an array of objects", Buffer.from("[{}]").toString("base64url")],
  ])("rejects %s as BAD_USER_INPUT", (_label, cursor) => {
    expect(codeOf(() => decodeCursor(cursor, 1))).toBe("BAD_USER_INPUT");
  });

  it("names the argument in the message", () => {
    expect(() => decodeCursor("x", 1, "after")).toThrow(/"after"/);
  });
});

describe("pageSize", () => {
  it("defaults when omitted", () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(null)).toBe(20);
  });

  it.each([0, -1, MAX_PAGE_SIZE + 1, 1.5])("rejects %p", (first) => {
    expect(codeOf(() => pageSize(first))).toBe("BAD_USER_INPUT");
  });

  it("accepts the bounds", () => {
    expect(pageSize(1)).toBe(1);
    expect(pageSize(MAX_PAGE_SIZE)).toBe(MAX_PAGE_SIZE);
  });
});

describe("toConnection", () => {
  const rows = ["a", "b", "c"];

  it("uses the extra row only to tell that another page follows", () => {
    const connection = toConnection(rows, 2, 10, (row) => `cursor-${row}`);
    expect(connection.edges.map((edge) => edge.node)).toEqual(["a", "b"]);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: "cursor-b" });
    expect(connection.totalCount).toBe(10);
  });

  it("ends the last page", () => {
    const connection = toConnection(rows, 3, 3, (row) => row, (row) => row.toUpperCase());
    expect(connection.edges.map((edge) => edge.node)).toEqual(["A", "B", "C"]);
    expect(connection.pageInfo.hasNextPage).toBe(false);
  });

  it("gives a null endCursor for an empty page", () => {
    expect(toConnection([], 5, 0, String).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
