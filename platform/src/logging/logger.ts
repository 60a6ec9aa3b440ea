import pino, { type Logger } from "pino";
import { envValue } from "../env";

export type { Logger };

/** One structured logger per process, named after the service (gateway, catalog, ...). */
export function createLogger(service: string, level = envValue(process.env, "LOG_LEVEL") ?? "info"): Logger {
  return pino({ name: service, level, base: { service } });
}
