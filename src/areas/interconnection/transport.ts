import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How messages leave: an adapter for the interconnection platform (issue 19 §3). The national
 * platform's adapter would list, fetch and acknowledge as well; Vanthu has today the direct one,
 * by which two deployments (or a province without the platform) POST edXML to each other, each
 * authenticating the other by the key they share: HMAC-SHA256 over sender, receiver and body.
 */
export interface OutgoingEnvelope {
  fromOrganId: string;
  toOrganId: string;
  endpointUrl: string;
  sharedKey: string;
  body: string;
}

export interface InterconnectionPlatform {
  /** Resolves once the other side has taken the message; a DeliveryRefused when it never will. */
  send(envelope: OutgoingEnvelope): Promise<void>;
}

/** The receiver answered that the message is wrong: retrying the same bytes cannot help. */
export class DeliveryRefused extends Error {}

export const HEADERS = { from: 'x-edxml-from', to: 'x-edxml-to', signature: 'x-edxml-signature' } as const;

export function signatureOf(key: string, fromOrganId: string, toOrganId: string, body: Buffer | string): string {
  return createHmac('sha256', key).update(`${fromOrganId}\n${toOrganId}\n`).update(body).digest('hex');
}

export function signatureMatches(key: string, fromOrganId: string, toOrganId: string, body: Buffer, given: string): boolean {
  const expected = Buffer.from(signatureOf(key, fromOrganId, toOrganId, body), 'hex');
  const actual = /^[0-9a-f]{64}$/.test(given) ? Buffer.from(given, 'hex') : Buffer.alloc(0);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const TIMEOUT_MS = 30_000;

export const directPeers: InterconnectionPlatform = {
  async send(envelope) {
    const response = await fetch(envelope.endpointUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        [HEADERS.from]: envelope.fromOrganId,
        [HEADERS.to]: envelope.toOrganId,
        [HEADERS.signature]: signatureOf(envelope.sharedKey, envelope.fromOrganId, envelope.toOrganId, envelope.body),
      },
      body: envelope.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await response.text()).slice(0, 900);
    if (response.ok) return;
    // 4xx but 408/429: the message itself is refused (or we are not believed): no retry helps.
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new DeliveryRefused(`HTTP ${response.status}: ${text}`);
    throw new Error(`HTTP ${response.status}: ${text}`);
  },
};
