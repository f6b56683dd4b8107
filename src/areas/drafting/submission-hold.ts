import { reject } from '../../core/user-error.ts';
import { onDraftSubmitting } from '../documents/public.ts';
import { Consultation, DraftReferral } from './drafting.ts';

/**
 * A draft is not submitted while a consultation on it is still open (the drafter compiles the
 * comments into the next version first, or calls the consultation off) nor while a disagreement
 * with the appraisal waits for the signer's decision: refused, in the submission's transaction.
 */
onDraftSubmitting(async (em, { document }) => {
  if ((await em.count(Consultation, { document: document.id, status: 'OPEN' })) > 0) {
    reject(['input', 'id'], 'INVALID_STATE', 'Dự thảo đang xin ý kiến: hãy tổng hợp ý kiến góp ý vào phiên bản mới (hoặc hủy đợt xin ý kiến) trước khi trình.');
  }
  if ((await em.count(DraftReferral, { document: document.id, status: 'REFERRED' })) > 0) {
    reject(['input', 'id'], 'INVALID_STATE', 'Ý kiến khác nhau với Phòng Tư pháp đang chờ người ký quyết định.');
  }
});
