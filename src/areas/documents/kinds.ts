/**
 * Kinds of administrative documents and their abbreviations (Decree 30/2020/NĐ-CP, Appendix III).
 * The code is ours and stable; the name and abbreviation are the Decree's. Công văn has no
 * abbreviation: its notation is the agency's abbreviation and the drafting unit's (`05/BNV-VP`).
 */
export interface KindDefinition {
  code: string;
  name: string;
  abbreviation: string | null;
}

export const DOCUMENT_KINDS: readonly KindDefinition[] = [
  { code: 'NGHI_QUYET', name: 'Nghị quyết', abbreviation: 'NQ' },
  { code: 'QUYET_DINH', name: 'Quyết định', abbreviation: 'QĐ' },
  { code: 'CHI_THI', name: 'Chỉ thị', abbreviation: 'CT' },
  { code: 'QUY_CHE', name: 'Quy chế', abbreviation: 'QC' },
  { code: 'QUY_DINH', name: 'Quy định', abbreviation: 'QyĐ' },
  { code: 'THONG_CAO', name: 'Thông cáo', abbreviation: 'TC' },
  { code: 'THONG_BAO', name: 'Thông báo', abbreviation: 'TB' },
  { code: 'HUONG_DAN', name: 'Hướng dẫn', abbreviation: 'HD' },
  { code: 'CHUONG_TRINH', name: 'Chương trình', abbreviation: 'CTr' },
  { code: 'KE_HOACH', name: 'Kế hoạch', abbreviation: 'KH' },
  { code: 'PHUONG_AN', name: 'Phương án', abbreviation: 'PA' },
  { code: 'DE_AN', name: 'Đề án', abbreviation: 'ĐA' },
  { code: 'DU_AN', name: 'Dự án', abbreviation: 'DA' },
  { code: 'BAO_CAO', name: 'Báo cáo', abbreviation: 'BC' },
  { code: 'BIEN_BAN', name: 'Biên bản', abbreviation: 'BB' },
  { code: 'TO_TRINH', name: 'Tờ trình', abbreviation: 'TTr' },
  { code: 'HOP_DONG', name: 'Hợp đồng', abbreviation: 'HĐ' },
  { code: 'CONG_DIEN', name: 'Công điện', abbreviation: 'CĐ' },
  { code: 'BAN_GHI_NHO', name: 'Bản ghi nhớ', abbreviation: 'BGN' },
  { code: 'BAN_THOA_THUAN', name: 'Bản thỏa thuận', abbreviation: 'BTT' },
  { code: 'GIAY_UY_QUYEN', name: 'Giấy ủy quyền', abbreviation: 'GUQ' },
  { code: 'GIAY_MOI', name: 'Giấy mời', abbreviation: 'GM' },
  { code: 'GIAY_GIOI_THIEU', name: 'Giấy giới thiệu', abbreviation: 'GGT' },
  { code: 'GIAY_NGHI_PHEP', name: 'Giấy nghỉ phép', abbreviation: 'GNP' },
  { code: 'PHIEU_GUI', name: 'Phiếu gửi', abbreviation: 'PG' },
  { code: 'PHIEU_CHUYEN', name: 'Phiếu chuyển', abbreviation: 'PC' },
  { code: 'PHIEU_BAO', name: 'Phiếu báo', abbreviation: 'PB' },
  { code: 'CONG_VAN', name: 'Công văn', abbreviation: null },
];

const BY_CODE = new Map(DOCUMENT_KINDS.map((kind) => [kind.code, kind]));

export function documentKind(code: string): KindDefinition | undefined {
  return BY_CODE.get(code);
}

export const CONFIDENTIALITY_LEVELS = ['NONE', 'MAT', 'TOI_MAT', 'TUYET_MAT'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY_LEVELS)[number];

export const URGENCY_LEVELS = ['NORMAL', 'KHAN', 'THUONG_KHAN', 'HOA_TOC'] as const;
export type Urgency = (typeof URGENCY_LEVELS)[number];

export const CHANNELS = ['PAPER', 'ELECTRONIC', 'INTERCONNECTION'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isClassified(level: Confidentiality): boolean {
  return level !== 'NONE';
}

const CONFIDENTIALITY_MARKS: Record<Confidentiality, string | null> = { NONE: null, MAT: 'MẬT', TOI_MAT: 'TỐI MẬT', TUYET_MAT: 'TUYỆT MẬT' };

/** The confidentiality mark as stamped on a document (Appendix I), or null for an unclassified one. */
export function confidentialityMark(level: Confidentiality): string | null {
  return CONFIDENTIALITY_MARKS[level];
}
