import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { issueDevelopmentToken, type Person } from "../../../gateway/src/auth";
import { REPO_ROOT } from "@platform/registry";
import { postGraphQL } from "../../support/graphqlClient";
import { type RunningStack, startStack } from "../../support/stack";
import { CART_TOKEN_PLACEHOLDER, type Caller, cartTokenIn, emptyParts, graphqlExamples, shellExamples } from "./readmeExamples";

/**
 * Every example of the README, run as written against `npm start`'s process tree (embedded
 * default, demo data), in README order, each with the key and token its block names.
 */
const operations = graphqlExamples();
const shells = shellExamples();

function personOf(tokenArgs: string[]): Person {
  const [role, id, storeId] = tokenArgs;
  if (role === "customer" || role === "admin") return { role, id };
  if (role === "associate") return { role, id, storeId };
  throw new Error(`dev-token ${tokenArgs.join(" ")}: not a person the dev-token script knows`);
}

async function headersFor(caller: Caller): Promise<Record<string, string>> {
  const headers: Record<string, string> = { "x-api-key": caller.apiKey };
  if (caller.tokenArgs) headers.authorization = `Bearer ${await issueDevelopmentToken(personOf(caller.tokenArgs))}`;
  return headers;
}

describe("the README's examples against npm start", () => {
  let stack: RunningStack;
  let cartToken: string | undefined;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("finds the examples, each naming its caller", () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
    expect(shells.length).toBeGreaterThanOrEqual(1);
  });

  it.each(operations.map((operation) => [operation.name, operation] as const))("%s answers data, no errors, nothing empty", async (_name, operation) => {
    let document = operation.document;
    if (document.includes(CART_TOKEN_PLACEHOLDER)) {
      if (!cartToken) throw new Error(`README.md:${operation.line}: "<cart token>" before any example answered a cart token`);
      document = document.replaceAll(CART_TOKEN_PLACEHOLDER, JSON.stringify(cartToken));
    }
    const response = await postGraphQL(stack.gatewayUrl, document, {}, await headersFor(operation.caller));
    expect({ line: operation.line, status: response.status, errors: response.body.errors }).toEqual({ line: operation.line, status: 200, errors: undefined });
    expect({ line: operation.line, empty: emptyParts(response.body.data) }).toEqual({ line: operation.line, empty: [] });
    cartToken = cartTokenIn(response.body.data) ?? cartToken;
  });

  it.each(shells.map((shell) => [shell.line, shell] as const))("the shell example at README.md:%s answers data", async (_line, shell) => {
    const port = new URL(stack.gatewayUrl).port;
    const { stdout } = await promisify(execFile)("bash", ["-c", shell.script.replaceAll("127.0.0.1:4000", `127.0.0.1:${port}`)], { cwd: REPO_ROOT, timeout: 60_000 });
    const body = JSON.parse(stdout) as { data?: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(emptyParts(body.data)).toEqual([]);
  });
});
