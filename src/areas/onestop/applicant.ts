import type { Problems } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';

/**
 * The applicant of a case: a person by their citizen id (căn cước, 12 digits: province, century and
 * sex, year of birth, serial) or a business by its tax code (mã số thuế: 10 digits with a check
 * digit, or 13 for a branch).
 */
export interface ApplicantInput {
  kind: 'PERSON' | 'BUSINESS';
  name: string;
  idNumber: string;
  phone: string;
  email?: string | null;
  address: string;
}

/** Province codes of citizen ids (Circular 59/2021/TT-BCA, Appendix): the first three digits. */
const PROVINCE_CODES = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025', '026', '027', '030', '031', '033', '034',
  '035', '036', '037', '038', '040', '042', '044', '045', '046', '048', '049', '051', '052', '054', '056', '058', '060', '062', '064', '066', '067', '068',
  '070', '072', '074', '075', '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096',
]);

export function isCitizenId(value: string): boolean {
  return /^\d{12}$/.test(value) && PROVINCE_CODES.has(value.slice(0, 3));
}

const TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** A tax code: 10 digits whose tenth is the check digit, optionally `-` and a 3-digit branch. */
export function isTaxCode(value: string): boolean {
  const match = /^(\d{10})(?:-?(\d{3}))?$/.exec(value);
  if (!match) return false;
  const digits = [...match[1]!].map(Number);
  const sum = TAX_WEIGHTS.reduce((total, weight, index) => total + weight * digits[index]!, 0);
  const check = 10 - (sum % 11);
  return check < 10 && check === digits[9] && match[2] !== '000';
}

const PHONE = /^(0|\+84)\d{9,10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The applicant checked and cleaned, every problem noted under `field`. */
export function checkApplicant(problems: Problems, field: string[], input: ApplicantInput): ApplicantInput {
  const name = requiredText(problems, [...field, 'name'], input.name, 200, 'Tên người nộp') ?? '';
  const address = requiredText(problems, [...field, 'address'], input.address, 500, 'Địa chỉ') ?? '';
  const idNumber = input.idNumber.replace(/\s+/g, '');
  if (input.kind === 'PERSON' && !isCitizenId(idNumber)) {
    problems.add([...field, 'idNumber'], 'INVALID', 'Số định danh cá nhân gồm 12 chữ số, bắt đầu bằng mã tỉnh hợp lệ.');
  }
  if (input.kind === 'BUSINESS' && !isTaxCode(idNumber)) {
    problems.add([...field, 'idNumber'], 'INVALID', 'Mã số thuế gồm 10 chữ số (đúng chữ số kiểm tra) hoặc 13 chữ số.');
  }
  const phone = input.phone.replace(/[\s.-]+/g, '');
  if (!PHONE.test(phone)) problems.add([...field, 'phone'], 'INVALID', 'Số điện thoại không hợp lệ.');
  const email = input.email?.trim() || null;
  if (email !== null && (email.length > 200 || !EMAIL.test(email))) problems.add([...field, 'email'], 'INVALID', 'Địa chỉ thư điện tử không hợp lệ.');
  return { kind: input.kind, name, idNumber, phone, email, address };
}

/**
 * The name as the public look-up shows it: the first letter of each word and the last word's
 * first letter, the rest hidden (Nguyễn Văn An → N*** V** A*).
 */
export function maskedName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const letters = [...word];
      return letters[0] + '*'.repeat(Math.max(letters.length - 1, 1));
    })
    .join(' ');
}
