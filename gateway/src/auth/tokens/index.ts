export { DEVELOPMENT_TOKENS, issueDevelopmentToken } from "./developmentTokens";
export { type Person, type TokenKeySource, TokenRejected, TokenVerifier, type TokenVerifierOptions } from "./tokenVerifier";
