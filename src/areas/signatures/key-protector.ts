import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Holds private keys at rest: what is stored is only ever the sealed form. A KMS would sit behind
 * the same interface (seal/open by a key it never hands out); the one here is AES-256-GCM with a
 * key from the environment.
 */
export interface KeyProtector {
  /** Which key sealed it (stored beside the sealed key, so keys can rotate). */
  readonly keyId: string;
  seal(plainPem: string): string;
  open(sealed: string): string;
}

/**
 * The protector from SIGNING_KEY_SECRET (any string of at least 32 characters, hashed to a 256-bit
 * key). Outside production a missing secret gives a fixed development key: dev and test databases
 * hold keys anyone with the source can open, which is why production refuses to start without it.
 */
export function keyProtectorFromEnvironment(environment: NodeJS.ProcessEnv = process.env): KeyProtector {
  const secret = environment.SIGNING_KEY_SECRET;
  if (!secret) {
    if (environment.NODE_ENV === 'production') throw new Error('SIGNING_KEY_SECRET is required in production');
    return aesGcmProtector('vanthu-development-signing-key-not-secret', 'dev');
  }
  if (secret.length < 32) throw new Error('SIGNING_KEY_SECRET must be at least 32 characters');
  return aesGcmProtector(secret, 'env');
}

export function aesGcmProtector(secret: string, keyId: string): KeyProtector {
  const key = createHash('sha256').update(`vanthu-signing-keys:${secret}`).digest();
  return {
    keyId,
    seal(plainPem) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainPem, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    open(sealed) {
      const [version, sealedBy, iv, tag, body] = sealed.split(':');
      if (version !== 'v1' || sealedBy !== keyId || !iv || !tag || !body) throw new Error(`key sealed by ${sealedBy ?? '?'}, not ${keyId}`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}
