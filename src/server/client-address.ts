import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * The client's address, as sign-in throttling, rate limits and logs need it: the peer's own,
 * unless the peer is a proxy listed in TRUSTED_PROXIES (addresses or CIDR ranges, or `loopback`,
 * `linklocal`, `uniquelocal`), whose X-Forwarded-For is then believed back to the first address
 * not trusted (Express's proxy-addr rules). With none listed, X-Forwarded-For is never believed:
 * a client cannot pick the address it is counted under.
 */
export type ClientAddressOf = (request: IncomingMessage) => string;

export function clientAddressOf(trustedProxies: string | undefined = process.env.TRUSTED_PROXIES): ClientAddressOf {
  const listed = (trustedProxies ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  const trust = proxyAddr.compile(listed);
  return (request) => {
    try {
      return proxyAddr(request as never, trust);
    } catch {
      return request.socket.remoteAddress ?? '';
    }
  };
}

/** TRUSTED_PROXIES' problems, for the start-time check of the environment (empty when it is fine). */
export function trustedProxiesProblem(value: string | undefined): string | null {
  try {
    clientAddressOf(value);
    return null;
  } catch (error) {
    return `TRUSTED_PROXIES=${JSON.stringify(value)}: must be addresses or CIDR ranges (or loopback, linklocal, uniquelocal), comma-separated (${(error as Error).message})`;
  }
}
