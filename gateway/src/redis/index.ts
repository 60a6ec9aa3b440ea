export { failFastRedis } from "./failFastRedis";
export { Outage, type OutageOptions, type OutageStatus } from "./outage";
export { ioredis } from "./ioredis";
