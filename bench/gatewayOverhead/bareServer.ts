/**
 * The ceiling: a bare `node:http` server that answers each request of the mix with the bytes a
 * gateway answered it once (read from BENCH_ANSWERS_PATH: `{ [requestBody]: answer }`), and
 * anything else with `{"data":{"__typename":"Query"}}`. No GraphQL, no JSON parsing: what a
 * Node process serving those answers on this machine cannot beat.
 *
 *   BENCH_ANSWERS_PATH=answers.json PORT=4199 node --import tsx bench/gatewayOverhead/bareServer.ts
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error("PORT must be set to a port number");
const answers = new Map(Object.entries(JSON.parse(readFileSync(process.env.BENCH_ANSWERS_PATH ?? "", "utf8")) as Record<string, string>).map(([body, answer]) => [body, Buffer.from(answer)]));
const fallback = Buffer.from(JSON.stringify({ data: { __typename: "Query" } }));

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const answer = answers.get(Buffer.concat(chunks).toString()) ?? fallback;
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": answer.length });
    response.end(answer);
  });
});
server.keepAliveTimeout = 10_000;
server.listen(port, "127.0.0.1", () => console.log(`bare server ready at http://127.0.0.1:${port}/graphql`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close(() => process.exit(0)));
