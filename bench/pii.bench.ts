/**
 * PII redaction benchmark: ~200k short, realistic Korean customer texts (about one in five with
 * personal data, many with prices, dates and order numbers) through redactPii on one core.
 * Prints items/s; never fails on time.
 *
 *   npx tsx bench/pii.bench.ts [count]
 */
import { redactPii } from '../src/text/pii.js';

const count = Number(process.argv[2] ?? 200_000);

// Deterministic PRNG so runs are comparable.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

const plain = [
  () => '배송이 너무 늦어요. 언제 오나요?',
  () => '상담원 연결이 안 돼요 ㅠㅠ',
  () => '로그인이 계속 풀려요. 확인 부탁드립니다.',
  () => '포장이 꼼꼼하고 배송도 빨라서 만족합니다!',
  () => '환불 절차가 너무 복잡해요',
  () => '앱이 자꾸 튕겨요, 업데이트 해주세요',
  () => '색상이 사진이랑 달라요. 교환 가능한가요?',
  () => '친절하게 응대해주셔서 감사합니다',
];
const numeric = [
  () => `${digits(2)},${digits(3)}원 결제했는데 두 번 빠져나갔어요`,
  () => `주문번호 2024${digits(4)}-${digits(7)} 배송 조회가 안 됩니다`,
  () => `2024-05-${10 + Math.floor(rand() * 20)}에 주문했는데 아직 안 왔어요`,
  () => `${1 + Math.floor(rand() * 9)}개 주문했는데 ${Math.floor(rand() * 3)}개만 왔어요`,
  () => `앱 버전 5.${digits(1)}.${digits(1)} 에서 결제 오류`,
  () => `운송장번호 ${digits(12)} 조회가 안 돼요`,
  () => `고객센터 1588-${digits(4)} 연결이 안 됩니다`,
  () => `오후 ${1 + Math.floor(rand() * 11)}:${digits(2).replace(/^[6-9]/, '3')}에 배송 온다더니 안 와요`,
  () => `쿠폰 ${digits(2)}% 할인이 적용 안 돼요`,
];
const withPii = [
  () => `010-${digits(4)}-${digits(4)}로 연락 부탁드립니다`,
  () => `제 번호는010${digits(8)}입니다`,
  () => `이메일은 user${digits(3)}@naver.com으로 보내주세요`,
  () => `환불받을 계좌는 신한 110-${digits(3)}-${digits(6)}입니다`,
  () => `주민번호 ${90 + Math.floor(rand() * 9)}0${1 + Math.floor(rand() * 9)}1${Math.floor(rand() * 9)}-1${digits(6)} 적어도 되나요?`,
  () => `카드 4111-1111-1111-1111 결제 취소해주세요`,
  () => `접속 IP 192.168.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)} 에서 오류`,
];

const sentence = () => {
  const r = rand();
  return (r < 0.5 ? pick(plain) : r < 0.9 ? pick(numeric) : pick(withPii))();
};
// One to three sentences per item, like a chat message or a short review.
const texts: string[] = [];
for (let i = 0; i < count; i++) {
  const n = 1 + Math.floor(rand() * 3);
  texts.push(Array.from({ length: n }, sentence).join(' '));
}

// Warm up the JIT, then measure.
for (let i = 0; i < 20_000; i++) redactPii(texts[i % texts.length]);
let redacted = 0;
const t0 = process.hrtime.bigint();
for (const text of texts) if (redactPii(text).kinds.length > 0) redacted++;
const ms = Number(process.hrtime.bigint() - t0) / 1e6;

const avgChars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
console.log(`pii: ${count.toLocaleString()} texts (avg ${avgChars.toFixed(0)} chars, ${redacted.toLocaleString()} with PII)`);
console.log(`pii: ${ms.toFixed(0)} ms, ${Math.round((count / ms) * 1000).toLocaleString()} items/s`);
