import { emptyNote, envValue, withoutEmptyVariables } from ".";

describe("empty variables are not set", () => {
  it("drops empty and blank values, keeps every other one as it is", () => {
    const env = { REDIS_URL: "", PORT: "  ", HOST: "0.0.0.0", LOG_LEVEL: " debug " };
    expect(withoutEmptyVariables(env)).toEqual({ HOST: "0.0.0.0", LOG_LEVEL: " debug " });
    expect(env.REDIS_URL).toBe(""); // a copy
  });

  it("keeps the empty value of a variable whose emptiness is a setting of its own", () => {
    expect(withoutEmptyVariables({ GATEWAY_BOT_DENY_AGENTS: "", REDIS_URL: "" }, { keepEmpty: ["GATEWAY_BOT_DENY_AGENTS"] })).toEqual({ GATEWAY_BOT_DENY_AGENTS: "" });
  });

  it("reads one variable the same way, and says when a required one is set but empty", () => {
    expect(envValue({ API_KEYS_PATH: "" }, "API_KEYS_PATH")).toBeUndefined();
    expect(envValue({ API_KEYS_PATH: "keys.json" }, "API_KEYS_PATH")).toBe("keys.json");
    expect(emptyNote({ SERVICE_SECRET: "" }, "SERVICE_SECRET")).toBe(" (SERVICE_SECRET is set but empty)");
    expect(emptyNote({}, "SERVICE_SECRET")).toBe("");
  });
});
