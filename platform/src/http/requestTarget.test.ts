import { requestTarget } from "./requestTarget";

describe("requestTarget", () => {
  it.each([
    ["/graphql", "/graphql", ""],
    ["/graphql?query=%7B__typename%7D", "/graphql", "?query=%7B__typename%7D"],
    ["/health?", "/health", "?"],
    ["/a?b?c", "/a", "?b?c"],
    [undefined, "/", ""],
  ])("splits %s into its path and query", (url, pathname, search) => {
    expect(requestTarget({ url })).toEqual({ pathname, search });
  });

  it("compares paths as sent: no dot-segment normalisation", () => {
    expect(requestTarget({ url: "/health/../graphql" }).pathname).toBe("/health/../graphql");
  });
});
