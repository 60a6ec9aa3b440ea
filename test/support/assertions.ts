import type { GraphQLResponse } from "./graphqlClient";

/** One BAD_USER_INPUT error naming `argument` in its extensions and each of `namesInMessage`, quoted, in its message. */
export function expectBadUserInput(response: GraphQLResponse, argument: string | undefined, ...namesInMessage: string[]): void {
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error!.extensions?.code).toBe("BAD_USER_INPUT");
  expect(error!.extensions?.argument).toBe(argument);
  for (const name of namesInMessage) expect(error!.message).toContain(`"${name}"`);
}
