/**
 * One rule for every process's settings: a variable set to the empty string (or to blanks only)
 * means "not set". Compose files (`REDIS_URL: ${REDIS_URL}`), shells (`export REDIS_URL=`) and
 * CI templates leave variables empty where they mean to leave them out; without this rule
 * `REDIS_URL=` fails start-up with "Invalid URL" and `START_TIMEOUT_MS=` reads as 0. Each
 * reader of the environment (the gateway's and the subgraphs' zod schemas, the registry, the
 * database target, the scripts) applies it before parsing, so every optional variable falls back
 * to its default and every required one is refused as missing.
 */

export interface EnvironmentOptions {
  /** Variables whose empty value is a setting of its own (documented with the variable), kept as they are. */
  keepEmpty?: readonly string[];
}

/** Whether a variable's value counts as not set. */
export function isUnsetValue(value: string | undefined): value is undefined | "" {
  return value === undefined || value.trim() === "";
}

/** The environment without its empty variables (a copy; `env` is not changed). */
export function withoutEmptyVariables(env: NodeJS.ProcessEnv, options: EnvironmentOptions = {}): NodeJS.ProcessEnv {
  const keep = new Set(options.keepEmpty ?? []);
  const present: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!isUnsetValue(value) || (value !== undefined && keep.has(name))) present[name] = value;
  }
  return present;
}

/** One variable, empty read as not set. */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return isUnsetValue(value) ? undefined : value;
}

/** Names the variables of `names` that are set but empty, for a message that says so ("SERVICE_SECRET is set but empty"). */
export function emptyVariables(env: NodeJS.ProcessEnv, names: readonly string[]): string[] {
  return names.filter((name) => env[name] !== undefined && isUnsetValue(env[name]));
}

/** " (it is set but empty)" when `name` is, else "": appended to a "required" message. */
export function emptyNote(env: NodeJS.ProcessEnv, name: string): string {
  return emptyVariables(env, [name]).length > 0 ? ` (${name} is set but empty)` : "";
}
