import { numberNotationOf } from './notation.ts';
import { foldVietnamese } from '../../core/text.ts';
import type { DocumentEntity } from './document.ts';
import { documentKind } from './kinds.ts';

/**
 * The accent-folded texts a document is searched by: its register entry (number/notation, issuing
 * organ, kind), searchable by whoever sees the entry; and the entry with subject and signer,
 * searchable only by whoever may read the content. One place, so every way a document is created
 * or changed indexes it alike.
 */
export function searchTexts(
  document: Pick<DocumentEntity, 'number' | 'notation' | 'issuingOrgan' | 'kind' | 'subject'> & { signerName?: string | null | undefined },
): { entryText: string; contentText: string } {
  const kindName = documentKind(document.kind)?.name ?? document.kind;
  const numberNotation = numberNotationOf(document) ?? '';
  const entryText = foldVietnamese(`${numberNotation} ${document.issuingOrgan} ${kindName}`);
  return { entryText, contentText: `${entryText} ${foldVietnamese(`${document.subject} ${document.signerName ?? ''}`)}` };
}
