import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ANONYMOUS_WEB, type CallerIdentity, DEVELOPMENT_SERVICE_SECRET, GATEWAY_SERVICE, signedCallerHeaders } from "@platform/caller";

/**
 * A plain @apollo/gateway data source that signs each fetch as the gateway does, for one fixed
 * caller: what a vanilla gateway needs to be let in by the subgraphs (tests of federation
 * mechanics, and the benchmark's vanilla target).
 */
export class SigningDataSource extends RemoteGraphQLDataSource {
  constructor(
    url: string,
    private readonly caller: CallerIdentity = ANONYMOUS_WEB,
    private readonly secret = DEVELOPMENT_SERVICE_SECRET,
  ) {
    super({ url });
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
    for (const [name, value] of Object.entries(signedCallerHeaders(GATEWAY_SERVICE, this.caller, this.secret))) request.http?.headers.set(name, value);
  }
}
