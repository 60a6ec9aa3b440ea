export { failFastRedis } from "./failFastRedis";
