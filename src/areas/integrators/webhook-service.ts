import { isIP } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApiClient } from '../../core/client.ts';
import { appendAudit } from '../../core/audit/trail.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { WEBHOOK_EVENT_KINDS, WebhookEndpoint, type WebhookEndpointEntity, type WebhookEventKind } from './webhook.ts';
import { newWebhookSecret } from './webhook-signing.ts';

/** How long the previous secret still signs after a rotation, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/**
 * Whether a URL may receive deliveries: http(s) only, no credentials in it, and not the server's
 * own host (loopback or unspecified addresses) unless WEBHOOKS_ALLOW_LOOPBACK=on (development and tests).
 */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Địa chỉ nhận phải là một URL http(s) đầy đủ.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Địa chỉ nhận phải dùng http hoặc https.';
  if (url.username || url.password) return 'Địa chỉ nhận không được chứa tên đăng nhập hay mật khẩu.';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const own = host === 'localhost' || host.endsWith('.localhost') || host === '0.0.0.0' || host === '::' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.')) || host.startsWith('::ffff:127.');
  if (own && process.env.WEBHOOKS_ALLOW_LOOPBACK !== 'on') return 'Địa chỉ nhận không được trỏ về chính máy chủ.';
  return null;
}

export async function createWebhookEndpoint(em: EntityManager, client: ApiClient, input: { url: string; eventKinds: readonly WebhookEventKind[] }): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
  const problems = new Problems();
  const url = input.url.trim();
  if (url.length > 2000) problems.add(['input', 'url'], 'TOO_LONG', 'Địa chỉ nhận dài tối đa 2000 ký tự.');
  else {
    const problem = webhookUrlProblem(url);
    if (problem) problems.add(['input', 'url'], 'INVALID', problem);
  }
  const kinds = [...new Set(input.eventKinds)];
  if (kinds.length === 0) problems.add(['input', 'eventKinds'], 'REQUIRED', 'Chọn ít nhất một loại sự kiện.');
  if (kinds.some((kind) => !WEBHOOK_EVENT_KINDS.includes(kind))) problems.add(['input', 'eventKinds'], 'INVALID', 'Loại sự kiện không hợp lệ.');
  problems.throwIfAny();
  const secret = newWebhookSecret();
  const endpoint = em.create(WebhookEndpoint, { organisation: client.organisationId, owner: client.keyId, url, eventKinds: kinds, secret });
  await em.flush();
  await appendAudit(em, { organisationId: client.organisationId, action: 'webhook_endpoint.created', target: { type: 'WebhookEndpoint', id: endpoint.id }, details: { url, eventKinds: kinds, apiKeyId: client.keyId } });
  return { endpoint, secret };
}

/** A new secret; the previous one keeps signing for ROTATION_OVERLAP_MS. */
export async function rotateWebhookSecret(em: EntityManager, client: ApiClient, endpointId: string, now = new Date()): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
  const endpoint = await em.findOne(WebhookEndpoint, { id: endpointId, owner: client.keyId });
  if (!endpoint) reject(['input', 'endpointId'], 'NOT_FOUND', 'Địa chỉ nhận không tồn tại.');
  const secret = newWebhookSecret();
  endpoint.previousSecret = endpoint.secret;
  endpoint.previousSecretUntil = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  endpoint.secret = secret;
  await em.flush();
  await appendAudit(em, { organisationId: client.organisationId, action: 'webhook_endpoint.secret_rotated', target: { type: 'WebhookEndpoint', id: endpoint.id }, details: { apiKeyId: client.keyId } });
  return { endpoint, secret };
}
