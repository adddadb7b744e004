/**
 * What the queue does with a sync job whose run failed, by the run's errorCode (app/sync/run-errors.ts).
 * - retry: the cause clears up by itself (Shopify busy or down, an export Shopify lost, a blip of
 *   ours); pg-boss tries again with backoff, and after the last retry keeps a dead letter.
 * - dead-letter: trying again minutes later would fail the same way; the job goes straight to the
 *   dead letters, where the operator sees it. The shop's next daily slot still tries again.
 */
export type FailureAction = "retry" | "dead-letter";

const ACTIONS: Record<string, { action: FailureAction; why: string }> = {
  uninstalled: { action: "dead-letter", why: "the token is gone until the merchant reinstalls" },
  access_denied: { action: "dead-letter", why: "a scope is missing until the merchant approves it" },
  shop_unavailable: { action: "dead-letter", why: "the shop is frozen, locked or closed (HTTP 402/404/423)" },
  bulk_format: { action: "dead-letter", why: "the same export would be misread again: a bug for the operator" },
  shopify_unavailable: { action: "retry", why: "Shopify was down or rate-limited past the client's own retries" },
  shopify_busy: { action: "retry", why: "other bulk exports of the shop were still running" },
  bulk_failed: { action: "retry", why: "Shopify lost the export twice; a fresh one usually works" },
  bulk_url_expired: { action: "retry", why: "the result file expired before download; a fresh export fixes it" },
  internal_error: { action: "retry", why: "unexpected: often a database or network blip" },
};

/** The queue's action for a failed run's errorCode; unknown codes are retried (then dead-lettered). */
export function failureAction(errorCode: string | null): FailureAction {
  return (errorCode !== null && ACTIONS[errorCode]?.action) || "retry";
}

/** Every errorCode the policy knows, with its action and reason (docs and tests read it). */
export function failurePolicyTable(): Array<{ errorCode: string; action: FailureAction; why: string }> {
  return Object.entries(ACTIONS).map(([errorCode, entry]) => ({ errorCode, ...entry }));
}
