export { requestLogCapability } from "./requestLogCapability";
export { operationRecordPlugin, recordSubgraphCalled, requestLogInterceptor, type RequestLogLine, type RequestLogOptions } from "./requestLog";
