/**
 * What an API key may be given (issue 18). A scope opens only the fields and routes that name it;
 * whatever its scopes, a key never reads sealed content, classified records or the mailbox.
 */
export const API_KEY_SCOPES = ['statistics:read', 'registers:read', 'services:read', 'portal:submit', 'webhooks:manage'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}
