export { CallerHeader, ERASED_ACCOUNT_MESSAGE, GATEWAY_SERVICE } from "./callerHeaders";
export {
  ANONYMOUS_WEB,
  type CallerIdentity,
  callerIdentity,
  DEVELOPMENT_SERVICE_SECRET,
  readRequestCaller,
  type RequestCaller,
  requireAdmin,
  requireAssociate,
  requireAssociateOf,
  requireCustomer,
  requireSelfOrAdmin,
  requireService,
  SIGNATURE_LIFETIME_SECONDS,
  signedCallerHeaders,
} from "./requestCaller";
export { Channel } from "./channelValues";
