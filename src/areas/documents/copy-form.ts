import { COPY_FORM_DEFINITIONS, type DocumentCopyEntity } from './copy.ts';

/**
 * The copy form's block (thể thức bản sao, Decree 30 Appendix I part III), placed under the last
 * line of what is copied: the form's mark, the copying agency, the copy's number, the date, the
 * signer and the recipients. One composition for the GraphQL field and the printed copy.
 */
export interface CopyFormBlock {
  mark: string;
  agency: string;
  number: string;
  date: string;
  signerPosition: string | null;
  signerName: string | null;
  recipients: string | null;
}

export function copyFormBlock(copy: DocumentCopyEntity, agencyName: string): CopyFormBlock {
  const [year, month, day] = copy.copiedOn.split('-');
  return {
    mark: COPY_FORM_DEFINITIONS[copy.form].mark,
    agency: agencyName.toUpperCase(),
    number: `Số: ${copy.numberNotation}`,
    date: `Ngày ${day} tháng ${month} năm ${year}`,
    signerPosition: copy.signerPosition ?? null,
    signerName: copy.signerName ?? null,
    recipients: copy.recipients ? `Nơi nhận:\n${copy.recipients}` : null,
  };
}

/** The block as text, line by line. */
export function copyFormText(block: CopyFormBlock): string {
  return [block.mark, block.agency, block.number, block.date, block.signerPosition, block.signerName, block.recipients].filter((line) => line !== null).join('\n');
}
