import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer tokens are opaque random strings; only their SHA-256 is stored, so a copy of the database
 * does not hand out sessions. The prefix makes a leaked token easy to recognise in logs and scanners.
 */
const PREFIX = 'vt_';

export function newToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(PREFIX) && value.length === PREFIX.length + 43;
}
