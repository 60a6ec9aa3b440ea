export { operationSpanPlugin, traceOperation } from "./operationSpan";
