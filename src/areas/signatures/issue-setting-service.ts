import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { appendAudit } from '../../core/audit/trail.ts';
import { reject } from '../../core/user-error.ts';
import { authorityOf } from './authority-service.ts';

/**
 * The organisation's choice whether an outgoing document may be issued only once its approving
 * leader has signed it (issue 16 point 5; on by default, as seed 004 Art. 13 has it). Kept on the
 * authority, since an organisation without one signs nothing and requires nothing. Leaders and IT
 * officers set it (the @auth gate); every change is on the audit trail.
 */
export async function setSignedIssueRequired(em: EntityManager, actor: Actor, required: boolean): Promise<boolean> {
  const authority = await authorityOf(em, actor.organisationId);
  if (!authority) return reject(null, 'INVALID_STATE', 'Tổ chức chưa có tổ chức chứng thực (CA): chưa ký số, không có gì để yêu cầu.');
  if (authority.requireSignedIssue === required) return required;
  authority.requireSignedIssue = required;
  await em.flush();
  await appendAudit(em, {
    organisationId: actor.organisationId,
    action: 'signatures.signed_issue_required_set',
    actorId: actor.accountId,
    onBehalfOfId: actor.onBehalfOfId,
    details: { authorityId: authority.id, required },
  });
  return required;
}
