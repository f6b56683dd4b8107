import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Key secrets: `vk_` and 32 random bytes (base64url), so secret scanners recognise a leaked one
 * and a guess is hopeless. Only the SHA-256 is stored; a bearer is looked up by its hash, so no
 * comparison of secrets happens at all, and the hash found is compared again in constant time.
 */
const PREFIX = 'vk_';
const LENGTH = PREFIX.length + 43;

export function newKeySecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether a bearer is an API key's (the server then never treats it as a person's session). */
export function claimsKey(token: string): boolean {
  return token.startsWith(PREFIX);
}

export function wellFormedKey(token: string): boolean {
  return token.length === LENGTH && /^vk_[A-Za-z0-9_-]{43}$/.test(token);
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** What lists show of a secret: enough to tell keys apart, not to use one. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, PREFIX.length + 6);
}
