import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt's cost parameters: N (CPU/memory cost, a power of 2), r (block size), p (parallelism). */
export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

// scrypt is memory-hard: N=2^15, r=8 needs 32 MiB per hash, ~60–150 ms on this class of CPU.
// Raising these re-hashes each password at its owner's next login (the stored format names them).
export const KDF_PARAMS: KdfParams = { N: 1 << 15, r: 8, p: 1 };
const KEY_LEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/** Longest password accepted (NFC characters): far beyond a passphrase, short enough to hash cheaply. */
export const MAX_PASSWORD_CHARS = 256;
/** What a request may carry as a password (code units): 256 syllables typed as jamo (NFD) fit. */
export const MAX_PASSWORD_INPUT = 1024;

// Hashes run on libuv's thread pool (4 threads), which also reads files and compresses: a flood of
// login attempts must not take all of it (the dashboard's files, backups and imports would stall),
// nor hold 32 MiB per waiting attempt. The rest wait their turn here.
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** How many password hashes are being computed right now (at most MAX_CONCURRENT_HASHES). */
export function hashesRunning(): number {
  return running;
}

async function scryptAsync(password: string, salt: Buffer, { N, r, p }: KdfParams): Promise<Buffer> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(password.normalize('NFC'), salt, KEY_LEN, { N, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
    );
  } finally {
    // Hand the slot straight to the next waiter (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url), NFC-normalised first. */
export async function hashPassword(password: string, params: KdfParams = KDF_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A stored hash's parameters, or null when it is not one we can check (never a 500 on a bad row). */
function parseStored(stored: string): { params: KdfParams; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash, extra] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash || extra !== undefined) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = Number.isSafeInteger(params.N) && params.N > 1 && (params.N & (params.N - 1)) === 0;
  // Within what MAXMEM allows (128·N·r bytes), so a hand-edited row cannot make a hash fail or run for minutes.
  if (!powerOfTwo || !Number.isInteger(params.r) || !Number.isInteger(params.p) || params.r < 1 || params.p < 1 || params.p > 16) return null;
  if (128 * params.N * params.r > MAXMEM / 2) return null;
  return { params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parseStored(stored) : null;
  if (!parsed) {
    // Spend the same time as a real check so a missing user is not revealed by timing.
    await scryptAsync(password, randomBytes(16), KDF_PARAMS);
    return false;
  }
  const key = await scryptAsync(password, parsed.salt, parsed.params);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** Whether a stored hash was made with other parameters than today's (re-hash it at the next login). */
export function needsRehash(stored: string): boolean {
  const parsed = parseStored(stored);
  return !parsed || parsed.params.N !== KDF_PARAMS.N || parsed.params.r !== KDF_PARAMS.r || parsed.params.p !== KDF_PARAMS.p;
}

const SEQUENCES = ['0123456789', '1234567890', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ', 'ㅁㄴㅇㄹㅎㅗㅓㅏㅣ', '가나다라마바사아자차카타파하'];
// Digits, punctuation and symbols around a word (password123!, !qwerty2024): the word is what is guessed.
const AFFIXES = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;

// The passwords and patterns tried first by anyone guessing (lower-cased, NFC).
const COMMON = [
  'password', 'passw0rd', 'qwerty', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'iloveyou', 'admin', 'administrator', 'welcome',
  'letmein', 'sori', 'changeme', 'test', 'abc', 'qwer', 'asdf', '1q2w3e4r', '1qaz2wsx', 'qazwsx', 'football', 'dragon',
  'monkey', 'sunshine', 'princess', 'korea', 'sarang', 'saranghae', '사랑해', '비밀번호', '관리자', '패스워드', 'ㅂㅈㄷㄱ', 'ㅁㄴㅇㄹ',
];

/** Whether the text is one run of a keyboard row, the alphabet or digits (forwards or backwards), once or repeated. */
function isSequence(text: string): boolean {
  const chars = [...text];
  if (chars.length < 4) return false;
  for (const run of SEQUENCES) {
    for (const line of [run, [...run].reverse().join('')]) {
      // Each character follows the one before it in `line`, or starts the run again (123123123123).
      if (chars.every((ch, i) => i === 0 || line.includes(chars[i - 1]! + ch) || ch === chars[0])) return true;
    }
  }
  return false;
}

/**
 * Password policy (on the NFC form, so Hangul typed as jamo counts per syllable): 10–256 characters,
 * at least 4 different ones, not a common password or keyboard/alphabet run with a few digits
 * added, and not the account's e-mail or its name part. Null when fine, else the reason in both languages.
 */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const pw = password.normalize('NFC');
  const chars = [...pw];
  if (chars.length < 10) return 'password must be at least 10 characters / 비밀번호는 10자 이상이어야 합니다';
  if (chars.length > MAX_PASSWORD_CHARS) {
    return `password must be at most ${MAX_PASSWORD_CHARS} characters / 비밀번호는 ${MAX_PASSWORD_CHARS}자 이하여야 합니다`;
  }
  if (new Set(chars).size < 4) return 'password is too simple / 비밀번호가 너무 단순합니다';
  const lower = pw.toLowerCase();
  // A common word with digits or symbols around it (password123!, !qwerty2024) is still that word.
  const core = lower.replace(AFFIXES, '');
  if (COMMON.includes(core) || isSequence(lower) || isSequence(core)) {
    return 'password is too common or easy to guess / 너무 흔하거나 추측하기 쉬운 비밀번호입니다';
  }
  const email = context.email?.trim().toLowerCase();
  const local = email?.split('@')[0];
  if (email && lower.includes(email)) return 'password must not contain the e-mail address / 비밀번호에 이메일 주소를 넣을 수 없습니다';
  // Its name part alone is as guessable (kim.minsu-2026!!): said as such, so "lead" in Cx-lead-walk is understood.
  if (local && local.length >= 4 && lower.includes(local)) {
    return `password must not contain the e-mail's name part (${local}) / 비밀번호에 이메일 아이디(${local})를 넣을 수 없습니다`;
  }
  return null;
}
