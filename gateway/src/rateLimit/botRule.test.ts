import type { IncomingMessage } from "node:http";
import { agentRule } from "./botRule";
import { RATE_LIMIT_DEFAULTS } from "./rateLimitConfig";

const withAgent = (agent?: string) => ({ headers: agent === undefined ? {} : { "user-agent": agent } }) as IncomingMessage;

describe("agentRule", () => {
  const classify = agentRule(RATE_LIMIT_DEFAULTS.bot.denyAgents);

  it("lets browsers, apps, Node's fetch and curl through", () => {
    for (const agent of ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)", "node", "curl/8.5.0", "okhttp/4.12.0", "Kiosk/2.3"]) {
      expect(classify(withAgent(agent))).toBe("ordinary");
    }
  });

  it("tells a missing or blank User-Agent apart", () => {
    expect(classify(withAgent())).toBe("missing");
    expect(classify(withAgent("  "))).toBe("missing");
  });

  it("denies scanners and scrapers by default, whatever their case", () => {
    expect(classify(withAgent("sqlmap/1.7.2#stable (https://sqlmap.org)"))).toBe("denied");
    expect(classify(withAgent("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"))).toBe("denied");
    expect(classify(withAgent("Scrapy/2.11"))).toBe("denied");
  });

  it("denies what a configured pattern says, and nothing with an empty one", () => {
    expect(agentRule("^curl/")(withAgent("curl/8.5.0"))).toBe("denied");
    expect(agentRule("")(withAgent("sqlmap/1.7"))).toBe("ordinary");
  });
});
