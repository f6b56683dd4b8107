import { describe, expect, it } from 'vitest';
import { requireClientScope } from '../../src/areas/integrators/public.ts';
import type { Viewer } from '../../src/core/viewer.ts';

/** requireClientScope, the check other areas make to let an API key in (issue 18). */
const client = { keyId: 'k', organisationId: 'o', name: 'Cổng', scopes: ['portal:submit'] };
const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'passed';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('requireClientScope', () => {
  it('hands back the key that holds the scope', () => {
    expect(requireClientScope({ client, viewer: null, authProblem: null }, 'portal:submit')).toBe(client);
  });
  it('refuses a key without the scope, and a person, as FORBIDDEN', () => {
    expect(codeOf(() => requireClientScope({ client, viewer: null, authProblem: null }, 'statistics:read'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireClientScope({ client: null, viewer: { accountId: 'a' } as Viewer, authProblem: null }, 'portal:submit'))).toBe('FORBIDDEN');
  });
  it('refuses no principal, or a bad key, as UNAUTHENTICATED', () => {
    expect(codeOf(() => requireClientScope({ client: null, viewer: null, authProblem: null }, 'portal:submit'))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireClientScope({ client: null, viewer: null, authProblem: 'INVALID' }, 'portal:submit'))).toBe('UNAUTHENTICATED');
  });
});
