export { CallerHeader } from "./callerHeaders";
export {
  DEVELOPMENT_SERVICE_SECRET,
  callerHeaders,
  readRequestCaller,
  type RequestCaller,
  requireAssociate,
  requireCustomer,
  requireService,
  serviceHeaders,
  serviceToken,
} from "./requestCaller";
