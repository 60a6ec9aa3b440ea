import { GraphQLError } from "graphql";
import { badUserInput, createErrorFormatter, forbidden, notFound, unauthenticated } from ".";

describe("domain errors", () => {
  it.each([
    [badUserInput("bad", "first"), "BAD_USER_INPUT"],
    [notFound("missing"), "NOT_FOUND"],
    [forbidden("no"), "FORBIDDEN"],
    [unauthenticated("who?"), "UNAUTHENTICATED"],
  ])("carries its code", (error, code) => {
    expect(error.extensions.code).toBe(code);
  });

  it("names the offending argument", () => {
    expect(badUserInput("bad", "first").extensions.argument).toBe("first");
  });
});

describe("createErrorFormatter", () => {
  const unexpected = new Error("connection refused at 10.0.0.3:5432");
  const formattedUnexpected = { message: unexpected.message, path: ["product"], extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["..."] } };

  it("passes intended errors through, in production too", () => {
    const format = createErrorFormatter({ production: true });
    const formatted = { message: "bad", extensions: { code: "BAD_USER_INPUT" } };
    expect(format(formatted, badUserInput("bad"))).toBe(formatted);
    const parse = { message: "Syntax Error", extensions: { code: "GRAPHQL_PARSE_FAILED" } };
    expect(format(parse, new GraphQLError("Syntax Error"))).toBe(parse);
  });

  it("masks unexpected errors in production and reports them", () => {
    const reported: unknown[] = [];
    const format = createErrorFormatter({ production: true, onUnexpected: (error) => reported.push(error) });
    expect(format(formattedUnexpected, unexpected)).toEqual({
      message: "Internal server error",
      path: ["product"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(reported).toEqual([unexpected]);
  });

  it("shows unexpected errors outside production", () => {
    const format = createErrorFormatter({ production: false });
    expect(format(formattedUnexpected, unexpected)).toBe(formattedUnexpected);
  });
});
