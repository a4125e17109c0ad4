import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  key: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * A shop backend stand-in on 127.0.0.1 that checks what a real receiver checks: the Standard Webhooks
 * signature over id.timestamp.body, a timestamp within 5 minutes, and the idempotency key (a repeat is
 * acknowledged but not processed twice). It can be taken down and brought back on the same port.
 * The signature is checked with the `standardwebhooks` reference library, never with the app's own code,
 * so a signing mistake made the same way on both sides cannot pass.
 */
export class WebhookReceiver {
  readonly processed: Received[] = [];
  readonly seenKeys = new Set<string>();
  repeats = 0;
  badSignatures = 0;
  private server: http.Server | null = null;
  port = 0;

  private readonly verifier: Webhook;

  constructor(secret: string) {
    this.verifier = new Webhook(secret);
  }

  /** True when the reference library accepts the signature and the timestamp (it allows 5 minutes either way). */
  private verified(headers: Record<string, string>, body: string): boolean {
    try {
      this.verifier.verify(body, headers);
      return true;
    } catch {
      return false;
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/broadcart`;
  }

  async up(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const id = String(req.headers['webhook-id'] ?? '');
        const timestamp = String(req.headers['webhook-timestamp'] ?? '');
        const signature = String(req.headers['webhook-signature'] ?? '');
        const signed = this.verified({ 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, body);
        if (!signed || req.headers['idempotency-key'] !== id) {
          this.badSignatures++;
          res.writeHead(401).end();
          return;
        }
        if (this.seenKeys.has(id)) {
          this.repeats++;
        } else {
          this.seenKeys.add(id);
          const parsed = JSON.parse(body) as { type: string; data: Record<string, unknown> };
          this.processed.push({ key: id, type: parsed.type, data: parsed.data });
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
