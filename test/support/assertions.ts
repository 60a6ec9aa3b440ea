import type { GraphQLResponse } from "./graphqlClient";

/** One BAD_USER_INPUT error naming `argument` in its extensions and each of `namesInMessage`, quoted, in its message. */
export function expectBadUserInput(response: GraphQLResponse, argument: string | undefined, ...namesInMessage: string[]): void {
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error!.extensions?.code).toBe("BAD_USER_INPUT");
  expect(error!.extensions?.argument).toBe(argument);
  for (const name of namesInMessage) expect(error!.message).toContain(`"${name}"`);
}

/** The response's only error (failing the test unless there is exactly one). */
export function onlyError(response: GraphQLResponse) {
  expect(response.body.errors).toHaveLength(1);
  return response.body.errors![0]!;
}
