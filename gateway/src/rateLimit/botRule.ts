import type { IncomingMessage } from "node:http";

/** How the bot rule sees a request's User-Agent. */
export type AgentVerdict = "ordinary" | "missing" | "denied";

/** A classifier for User-Agents: `denyPattern` is a case-insensitive regular expression, empty for none. */
export function agentRule(denyPattern: string): (request: IncomingMessage) => AgentVerdict {
  const denied = denyPattern ? new RegExp(denyPattern, "i") : undefined;
  return (request) => {
    const agent = request.headers["user-agent"]?.trim();
    if (!agent) return "missing";
    return denied?.test(agent) ? "denied" : "ordinary";
  };
}
