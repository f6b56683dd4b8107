import { isIP } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { withinSight } from '../../core/policy.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Account } from '../accounts/public.ts';
import { ApiKey, type ApiKeyEntity } from './api-key.ts';
import { apiKeyPolicy } from './api-key-policy.ts';
import { displayPrefix, hashKeySecret, newKeySecret } from './key-secrets.ts';
import { isApiKeyScope } from './scopes.ts';

export interface CreateApiKeyInput {
  name: string;
  scopes: readonly string[];
  expiresAt?: Date | null;
  allowedAddresses?: readonly string[] | null;
  rateLimitPerMinute?: number | null;
}

const MAX_NETWORKS = 50;
const MAX_RATE = 100_000;
const DEFAULT_RATE = 600;

/** An address or a CIDR range (`10.0.0.0/8`, `2001:db8::/32`), as PostgreSQL's inet takes it. */
export function isNetwork(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Creates a key: the secret is made here, handed back once, and only its hash kept. Everything of
 * the input is checked before anything is written.
 */
export async function createApiKey(em: EntityManager, actor: Actor, input: CreateApiKeyInput, now = new Date()): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
  const problems = new Problems();
  const name = requiredText(problems, ['input', 'name'], input.name, 200, 'Tên khóa');
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) problems.add(['input', 'scopes'], 'REQUIRED', 'Chọn ít nhất một phạm vi cho khóa.');
  scopes.forEach((scope, index) => {
    if (!isApiKeyScope(scope)) problems.add(['input', 'scopes', String(index)], 'INVALID', `Phạm vi không hợp lệ: ${scope.slice(0, 50)}.`);
  });
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) problems.add(['input', 'expiresAt'], 'INVALID', 'Thời hạn của khóa phải ở tương lai.');
  const networks = [...new Set((input.allowedAddresses ?? []).map((value) => value.trim()))];
  if (networks.length > MAX_NETWORKS) problems.add(['input', 'allowedAddresses'], 'TOO_LONG', `Tối đa ${MAX_NETWORKS} địa chỉ.`);
  networks.forEach((network, index) => {
    if (!isNetwork(network)) problems.add(['input', 'allowedAddresses', String(index)], 'INVALID', 'Địa chỉ phải là địa chỉ IP hoặc dải CIDR (ví dụ 10.0.0.0/8).');
  });
  const rate = input.rateLimitPerMinute ?? DEFAULT_RATE;
  if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE) problems.add(['input', 'rateLimitPerMinute'], 'INVALID', `Giới hạn yêu cầu mỗi phút từ 1 đến ${MAX_RATE}.`);
  problems.throwIfAny();

  const secret = newKeySecret();
  const apiKey = em.create(ApiKey, {
    organisation: actor.organisationId,
    name: name!,
    scopes,
    secretHash: hashKeySecret(secret),
    prefix: displayPrefix(secret),
    allowedNetworks: networks,
    rateLimitPerMinute: rate,
    expiresAt: input.expiresAt ?? null,
    createdAt: now,
    createdBy: actor.accountId,
  });
  await em.flush();
  await auditAct(em, actor, 'api_key.created', { type: 'ApiKey', id: apiKey.id }, { name: apiKey.name, scopes, expiresAt: apiKey.expiresAt, allowedAddresses: networks });
  return { apiKey, secret };
}

/** Revokes a key: the next request made with it is refused (every request looks the key up). */
export async function revokeApiKey(em: EntityManager, actor: Actor, keyId: string, now = new Date()): Promise<ApiKeyEntity> {
  const apiKey = await em.findOne(ApiKey, withinSight(actor, apiKeyPolicy, { id: keyId }));
  if (!apiKey) reject(['input', 'apiKeyId'], 'NOT_FOUND', 'Khóa API không tồn tại.');
  if (apiKey.revokedAt) reject(['input', 'apiKeyId'], 'INVALID_STATE', 'Khóa API đã bị thu hồi.');
  apiKey.revokedAt = now;
  apiKey.revokedBy = actor.accountId ? em.getReference(Account, actor.accountId, { wrapped: true }) : null;
  await em.flush();
  await auditAct(em, actor, 'api_key.revoked', { type: 'ApiKey', id: apiKey.id });
  return apiKey;
}
