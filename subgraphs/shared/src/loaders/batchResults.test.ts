import { oneRowPerKey, rowsPerKey } from ".";

const rows = [
  { id: "b", group: "x" },
  { id: "a", group: "y" },
  { id: "c", group: "x" },
];

describe("batch results", () => {
  it("puts one row per key back in key order, null where none matched", () => {
    expect(oneRowPerKey(["a", "missing", "b"], rows, (row) => row.id)).toEqual([rows[1], null, rows[0]]);
  });

  it("groups rows per key in query order, an empty list where none matched", () => {
    expect(rowsPerKey(["x", "z", "y"], rows, (row) => row.group)).toEqual([[rows[0], rows[2]], [], [rows[1]]]);
  });
});
