/** Why authentication refused a request: a fixed set, never the key, the token or who it names. */
export const AUTH_REFUSAL_REASONS = [
  "missing_api_key",
  "unknown_api_key",
  "revoked_api_key",
  "malformed_authorization",
  "invalid_token",
  "erased_account",
  "admin_key_required",
  "associate_other_store",
  "associate_handheld_required",
] as const;
export type AuthRefusalReason = (typeof AUTH_REFUSAL_REASONS)[number];

/** Refusals by reason since start (the metrics capability reads them). */
export class AuthRefusals {
  private readonly counts = new Map<AuthRefusalReason, number>();

  count(reason: AuthRefusalReason): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  snapshot(): Record<AuthRefusalReason, number> {
    return Object.fromEntries(AUTH_REFUSAL_REASONS.map((reason) => [reason, this.counts.get(reason) ?? 0])) as Record<AuthRefusalReason, number>;
  }
}
