import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are hashed with scrypt (memory-hard, in node:crypto, nothing to install). The stored
 * form carries its own parameters, so the cost can be raised later without breaking old hashes.
 */
const DEFAULT_LOG2_COST = 15; // N = 32768, r = 8: 32 MiB and roughly 60 ms per hash on one core
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function costFromEnvironment(): number {
  const value = Number(process.env.PASSWORD_HASH_COST ?? DEFAULT_LOG2_COST);
  return Number.isInteger(value) && value >= 10 && value <= 20 ? value : DEFAULT_LOG2_COST;
}

function options(log2Cost: number): ScryptOptions {
  const N = 2 ** log2Cost;
  return { N, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 256 * N * BLOCK_SIZE };
}

export async function hashPassword(password: string): Promise<string> {
  const log2Cost = costFromEnvironment();
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, options(log2Cost));
  return ['scrypt', log2Cost, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || cost === undefined || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), options(Number(cost)));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
const decoyHash = hashPassword(randomBytes(12).toString('hex'));
export async function verifyAgainstDecoy(password: string): Promise<false> {
  await verifyPassword(password, await decoyHash);
  return false;
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Strength rule: at least 10 characters from three of four classes (lower, upper, digit, other),
 * and not built on the username. Returns the reason in Vietnamese, or null when strong enough.
 */
export function passwordWeakness(password: string, username?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Mật khẩu dài tối đa ${MAX_PASSWORD_LENGTH} ký tự.`;
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((pattern) => pattern.test(password));
  if (classes.length < 3) return 'Mật khẩu phải có ít nhất ba trong bốn loại: chữ thường, chữ hoa, chữ số, ký tự đặc biệt.';
  const stem = username?.split('.')[0]?.toLowerCase();
  if (stem && stem.length >= 3 && password.toLowerCase().includes(stem)) return 'Mật khẩu không được chứa tên đăng nhập.';
  if (/^(.)\1+$/u.test(password)) return 'Mật khẩu không được lặp một ký tự.';
  return null;
}

const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '@#%+=!?';

/** A temporary password an IT officer hands over; it always passes `passwordWeakness`. */
export function generatePassword(length = 14): string {
  const pick = (alphabet: string): string => alphabet[randomInt(alphabet.length)] as string;
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
