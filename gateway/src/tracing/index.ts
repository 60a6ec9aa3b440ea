export { tracingCapability } from "./tracingCapability";
