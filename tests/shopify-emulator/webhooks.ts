/**
 * Webhook delivery as Shopify does it ✅ [VER][SAPI]: POST of the JSON payload with
 * X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(raw body, app secret)) and the other X-Shopify-*
 * headers. A non-2xx answer, a connection failure or a timeout is retried with exponential backoff
 * and the same payload and webhook id ✅ [CL-RETRY] (bounded: a few attempts, not 8 over 4 hours).
 */
import crypto from "node:crypto";
import type { WebhookSettings } from "./options";
import { API_VERSION } from "./constants";

export interface WebhookDelivery {
  topic: string;
  shopDomain: string;
  url: string;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
  body: string;
  attempts: number;
  /** HTTP status of the last attempt, or null when it did not get an answer. */
  lastStatus: number | null;
  state: "pending" | "delivered" | "failed";
}

export function webhookHmac(body: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  /** Pending backoff sleeps, resolved early on close. */
  private readonly sleeps = new Map<NodeJS.Timeout, () => void>();

  constructor(
    private readonly appUrl: string,
    private readonly apiSecret: string,
    private readonly settings: WebhookSettings,
    private readonly now: () => number,
  ) {}

  /** Queues a delivery; resolves when it was delivered or finally failed. */
  send(topic: string, shopDomain: string, path: string, payload: unknown): Promise<WebhookDelivery> {
    const delivery: WebhookDelivery = {
      topic,
      shopDomain,
      url: new URL(path, this.appUrl).toString(),
      webhookId: crypto.randomUUID(),
      eventId: crypto.randomUUID(),
      triggeredAt: new Date(this.now()).toISOString(),
      body: JSON.stringify(payload),
      attempts: 0,
      lastStatus: null,
      state: "pending",
    };
    this.deliveries.push(delivery);
    const run = this.deliver(delivery);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run.then(() => delivery);
  }

  private async deliver(delivery: WebhookDelivery): Promise<void> {
    const headers = {
      "Content-Type": "application/json",
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Hmac-Sha256": webhookHmac(delivery.body, this.apiSecret),
      "X-Shopify-Shop-Domain": delivery.shopDomain,
      "X-Shopify-API-Version": API_VERSION,
      "X-Shopify-Webhook-Id": delivery.webhookId,
      "X-Shopify-Triggered-At": delivery.triggeredAt,
      "X-Shopify-Event-Id": delivery.eventId,
    };
    for (let attempt = 1; attempt <= this.settings.attempts && !this.closed; attempt++) {
      if (attempt > 1) await this.sleep(this.settings.initialDelayMs * 2 ** (attempt - 2));
      if (this.closed) break;
      delivery.attempts = attempt;
      try {
        const response = await fetch(delivery.url, {
          method: "POST",
          headers,
          body: delivery.body,
          signal: AbortSignal.timeout(this.settings.timeoutMs),
        });
        delivery.lastStatus = response.status;
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          delivery.state = "delivered";
          return;
        }
      } catch {
        delivery.lastStatus = null;
      }
    }
    delivery.state = "failed";
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeps.delete(timer);
        resolve();
      }, ms);
      this.sleeps.set(timer, resolve);
    });
  }

  /** Stops retrying and waits for deliveries under way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [timer, wake] of this.sleeps) {
      clearTimeout(timer);
      wake();
    }
    this.sleeps.clear();
    await Promise.allSettled([...this.inFlight]);
  }
}
