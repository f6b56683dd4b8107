import { foldVietnamese } from '../../core/text.ts';
import { reject } from '../../core/user-error.ts';

/**
 * Circulation marks (Decree 30 Appendix I): XEM XONG TRẢ LẠI (return after reading) and LƯU HÀNH
 * NỘI BỘ (internal circulation). The mark is part of the document's face: it goes wherever the
 * document is shown or exported, with the words the Decree prints.
 */
export const CIRCULATION_MARKS = ['RETURN_AFTER_READING', 'INTERNAL_ONLY'] as const;
export type CirculationMark = (typeof CIRCULATION_MARKS)[number];

const LABELS: Record<CirculationMark, string> = {
  RETURN_AFTER_READING: 'XEM XONG TRẢ LẠI',
  INTERNAL_ONLY: 'LƯU HÀNH NỘI BỘ',
};

export function circulationLabel(mark: CirculationMark | null | undefined): string | null {
  return mark ? LABELS[mark] : null;
}

/** The mark of an arriving document's printed words (edXML's SphereOfPromulgation), accents and case aside. */
export function circulationMarkOfLabel(text: string | null | undefined): CirculationMark | null {
  const folded = foldVietnamese(text ?? '').trim();
  return CIRCULATION_MARKS.find((mark) => foldVietnamese(LABELS[mark]) === folded) ?? null;
}

/** What limits a document's circulation, as the fields the sending rules read. */
export interface Circulation {
  circulationMark?: CirculationMark | null;
  publicationRestrictedAt?: Date | null;
  publicationRestrictionReason?: string | null;
}

/**
 * The marks of a document as printed in a register book's or a work file's notes: the circulation
 * mark and, for one the leaders restricted from publication, that it goes on paper only.
 */
export function circulationNotes(document: Circulation): string[] {
  const notes: string[] = [];
  const label = circulationLabel(document.circulationMark);
  if (label) notes.push(label);
  if (document.publicationRestrictedAt) notes.push('Hạn chế công bố: chỉ phát hành bản giấy');
  return notes;
}

/**
 * Whether a document may leave the organisation electronically (to another agency of this
 * deployment, or over the interconnection): an internal-only one never leaves the organisation
 * (Decree 30 Appendix I), and one the leaders restricted from publication is never sent
 * electronically (seed 003 Art. 6 §1c): it is delivered on paper (recordPaperDelivery).
 * The one rule every electronic sending path asks; it refuses with the reason.
 */
export function refuseElectronicSending(document: Circulation, field: string[]): void {
  if (document.circulationMark === 'INTERNAL_ONLY') {
    reject(field, 'INTERNAL_ONLY', 'Văn bản LƯU HÀNH NỘI BỘ không được gửi ra ngoài cơ quan.');
  }
  if (document.publicationRestrictedAt) {
    const reason = document.publicationRestrictionReason ? ` (${document.publicationRestrictionReason})` : '';
    reject(field, 'PUBLICATION_RESTRICTED', `Văn bản thuộc diện hạn chế công bố theo ý kiến chỉ đạo của lãnh đạo${reason}: không gửi điện tử, chỉ phát hành bản giấy.`);
  }
}
