import { isIP } from 'node:net';
import type { ClientAuthentication, ClientAuthenticator } from '../../core/client.ts';
import { claimsKey, hashKeySecret, sameHash, wellFormedKey } from './key-secrets.ts';

interface KeyRow {
  id: string;
  organisation_id: string;
  name: string;
  scopes: string[];
  secret_hash: string;
  rate_limit_per_minute: number;
  requests: number;
  retry_after: number;
}

const INVALID: ClientAuthentication = { client: null, problem: 'INVALID' };

/** The peer's address as PostgreSQL's inet reads it (IPv4 behind `::ffff:`), or null when it is none. */
function inetOf(address: string): string | null {
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return isIP(plain) ? plain : null;
}

/**
 * A request's key in ONE statement, run on every request so a revocation takes effect at once:
 * the live key (not revoked, not expired, used from an allowed address) has its last use set, the
 * minute's request count (shared by every instance) raised and the request put on its access log.
 * An unknown, revoked, expired or out-of-range key answers the same.
 */
const STATEMENT = `
with k as (
  update api_key set last_used_at = now(), last_used_from = ?
   where secret_hash = ? and revoked_at is null and (expires_at is null or expires_at > now())
     and (cardinality(allowed_networks) = 0 or ?::inet <<= any(allowed_networks::inet[]))
  returning id, organisation_id, name, scopes, secret_hash, rate_limit_per_minute
), used as (
  insert into api_key_usage (key_id, minute, requests)
  select id, date_trunc('minute', now()), 1 from k
  on conflict (key_id, minute) do update set requests = api_key_usage.requests + 1
  returning requests
), logged as (
  insert into api_key_access (id, organisation_id, key_id, at, client_address, method, path, refused)
  select gen_random_uuid(), k.organisation_id, k.id, now(), ?, left(?, 10), left(?, 200), used.requests > k.rate_limit_per_minute
    from k, used
)
select k.*, used.requests,
       ceil(extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now()))::int as retry_after
  from k, used`;

export const apiKeyAuthenticator: ClientAuthenticator = {
  claims: claimsKey,
  async authenticate(em, token, request) {
    if (!wellFormedKey(token)) return INVALID;
    const hash = hashKeySecret(token);
    const address = inetOf(request.clientAddress);
    const rows = await em.execute<KeyRow[]>(STATEMENT, [address ?? request.clientAddress.slice(0, 64), hash, address, address, request.method, request.path]);
    const row = rows[0];
    if (!row || !sameHash(row.secret_hash, hash)) return INVALID;
    if (row.requests > row.rate_limit_per_minute) return { client: null, problem: 'RATE_LIMITED', retryAfterSeconds: Math.max(1, row.retry_after) };
    return { client: { keyId: row.id, organisationId: row.organisation_id, name: row.name, scopes: row.scopes } };
  },
};
