/**
 * Near-duplicate grouping benchmark (src/text/dedupe.ts).
 *
 * 1. Speed and quality on N generated short Korean CX items (default 1,000,000): templates ×
 *    products × detail clauses with typo/spacing/particle/boilerplate/emoticon noise, from a
 *    fixed seed. Truth: items about the same problem with the same product are one planted
 *    cluster (so two paraphrases of one problem count as a miss when not grouped, and two
 *    products with the same problem as a false merge); 10% free-text items are their own cluster.
 *    Prints items/s, seconds, peak RSS, groups and pairwise precision/recall/F1.
 * 2. Quality on ../shared/data/ko_question_pairs.jsonl (MIT, songys/Question_pair): each pair
 *    alone (groupDuplicates of its two questions) and pooled (all questions in one batch, so the
 *    document-frequency filter and transitive merges are in play), at several thresholds.
 *
 * The timed runs (groupDuplicates on the items, and the `sori dedupe` CLI on them as JSONL) run
 * in fresh child processes so that peak RSS is theirs; bench/out/ holds the files.
 *
 *   node --import tsx bench/dedupe.bench.ts [--count 1000000] [--quality-count 200000]
 *     [--thresholds 0.3,0.4,0.5,0.6] [--share 0.02] [--linkage leader|single] [--skip-speed]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEDUPE_OPTIONS, DedupeBatch, DedupeIndex, groupDuplicates, type DedupeOptions } from '../src/text/dedupe.js';
import { prng } from '../src/text/linear-svm.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: 'string', default: '1000000' },
    thresholds: { type: 'string', default: '0.3,0.4,0.5,0.6' },
    'skip-speed': { type: 'boolean', default: false },
    'quality-count': { type: 'string', default: '100000' },
    share: { type: 'string' },
    linkage: { type: 'string' },
    child: { type: 'string' },
    data: { type: 'string' },
  },
});
const DATA = values.data ?? join(import.meta.dirname, '..', '..', 'shared', 'data');
const thresholds = values.thresholds.split(',').map(Number);
const shareOption: DedupeOptions = values.share === undefined ? {} : { maxDocShare: Number(values.share) };
if (values.linkage) shareOption.linkage = values.linkage as 'leader' | 'single';

// ---------------------------------------------------------------------------------------------
// Generator

const PROBLEMS: string[][] = [
  ['{p} 주문했는데 아직 배송이 안 왔어요', '{p} 배송이 너무 늦어요 언제 오나요', '주문한 {p} 일주일째 안 와요 언제 도착하나요'],
  ['{p} 배송 조회가 안 돼요 송장번호가 안 떠요', '{p} 송장 조회하면 정보가 없다고 나와요', '{p} 운송장 번호 조회가 안 됩니다'],
  ['{p} 받았는데 박스가 찌그러지고 제품이 파손돼서 왔어요', '{p} 택배 열어보니 깨져서 왔어요', '{p} 파손된 상태로 배송됐어요'],
  ['{p} 전원이 안 켜져요 충전해도 반응이 없어요', '{p} 충전을 해도 전원이 안 들어와요', '{p} 켜지지가 않아요 불량인가요'],
  ['{p} 구성품이 하나 빠져서 왔어요', '{p} 상자에 부속품이 없어요', '{p} 받았는데 구성품 누락이에요'],
  ['{p} 주문했는데 다른 상품이 왔어요', '{p} 대신 엉뚱한 물건이 배송됐어요', '{p} 시켰는데 오배송 됐어요'],
  ['{p} 반품했는데 환불이 아직 안 들어왔어요', '{p} 반품 완료됐는데 환불은 언제 되나요', '{p} 환불 처리가 일주일째 안 되고 있어요'],
  ['{p} 사이즈가 안 맞아서 교환하고 싶어요', '{p} 치수가 작아서 큰 걸로 바꾸고 싶어요', '{p} 사이즈 교환 신청은 어디서 하나요'],
  ['{p} 색상이 사진이랑 너무 달라요', '{p} 실물 색깔이 상세페이지랑 달라요', '{p} 받아보니 색이 완전 다르네요'],
  ['{p} 결제가 두 번 됐어요 하나 취소해 주세요', '{p} 카드 결제가 중복으로 승인됐어요', '{p} 살 때 돈이 두 번 빠져나갔어요'],
  ['{p} 살 때 쿠폰 적용이 안 돼요', '{p} 할인 쿠폰이 결제 화면에서 안 먹혀요', '{p} 쿠폰 썼는데 할인이 안 됐어요'],
  ['{p} 주문 취소하고 싶은데 취소 버튼이 안 보여요', '{p} 주문 취소 어떻게 하나요', '{p} 방금 주문했는데 취소해 주세요'],
  ['{p} 재입고 언제 되나요', '{p} 품절인데 다시 들어오나요', '{p} 재입고 알림 신청했는데 소식이 없어요'],
  ['{p} 어제보다 가격이 올랐는데 차액 환불 되나요', '{p} 사자마자 가격이 내려갔어요 차액 돌려주나요', '{p} 가격 인하분 보상 되나요'],
  ['{p} 고장났는데 AS 접수는 어떻게 하나요', '{p} 수리 맡기려면 어디로 보내야 하나요', '{p} 무상 수리 기간이 어떻게 되나요'],
  ['{p} 작동할 때 소음이 너무 심해요', '{p} 켜면 덜덜거리는 소리가 나요', '{p} 시끄러운 소리가 계속 나요'],
  ['{p} 포장 뜯었더니 이상한 냄새가 나요', '{p} 화학 약품 냄새가 심하게 나요', '{p} 새 제품인데 악취가 나요'],
  ['{p} 유통기한이 얼마 안 남은 걸로 왔어요', '{p} 유통기한 임박 상품이 왔어요', '{p} 받았는데 유통기한이 다음 주까지예요'],
  ['{p} 설명서가 없어서 조립을 못 하겠어요', '{p} 조립 방법을 모르겠어요 설명서 주세요', '{p} 사용 설명서 파일 받을 수 있나요'],
  ['{p} 배터리가 금방 닳아요', '{p} 완충해도 한 시간도 못 가요', '{p} 배터리 수명이 너무 짧아요'],
  ['{p} 블루투스 연결이 자꾸 끊겨요', '{p} 페어링이 계속 풀려요', '{p} 블루투스가 연결됐다 끊겼다 해요'],
  ['{p} 앱이랑 연동이 안 돼요', '{p} 전용 앱에서 기기 등록이 안 돼요', '{p} 앱에 연결하려고 하면 오류가 나요'],
  ['{p} 구매 영수증 발급 받고 싶어요', '{p} 현금영수증 신청하고 싶어요', '{p} 카드 영수증 어디서 출력하나요'],
  ['{p} 배송지 주소를 바꾸고 싶어요', '{p} 주소를 잘못 입력했어요 변경 가능한가요', '{p} 받는 주소 수정해 주세요'],
  ['{p} 반품하면 배송비는 누가 내나요', '{p} 단순 변심 반품 택배비 얼마예요', '{p} 반품 배송비 제가 내야 하나요'],
  ['{p} 정품 맞나요 시리얼 번호가 이상해요', '{p} 가품 같아요 정품 인증이 안 돼요', '{p} 정품 확인은 어떻게 하나요'],
  ['{p} 리뷰 썼는데 적립금이 안 들어왔어요', '{p} 포토 리뷰 적립금 언제 들어오나요', '{p} 후기 작성 포인트가 안 쌓였어요'],
  ['{p} 선물 포장 되나요', '{p} 선물용으로 포장해 주실 수 있나요', '{p} 쇼핑백 같이 보내주세요'],
  ['로그인이 안 돼요 비밀번호가 틀렸다고 나와요', '비밀번호 맞게 쳐도 로그인이 안 됩니다', '계속 아이디 비밀번호가 틀리다고 떠요'],
  ['앱 업데이트 후에 앱이 자꾸 꺼져요', '업데이트하고 나서 앱이 실행하자마자 종료돼요', '최신 버전으로 올렸더니 앱이 튕겨요'],
  ['비밀번호 재설정 메일이 안 와요', '비번 찾기 했는데 인증 메일이 안 와요', '비밀번호 변경 메일을 못 받았어요'],
  ['회원 탈퇴는 어떻게 하나요', '탈퇴하고 싶은데 메뉴를 못 찾겠어요', '계정 삭제 방법 알려주세요'],
  ['포인트가 사라졌어요 소멸 안내도 없었는데', '적립금이 갑자기 없어졌어요', '모아둔 포인트가 0원이 됐어요'],
  ['푸시 알림이 너무 많이 와요 끄는 법 알려주세요', '광고 알림 수신 거부하고 싶어요', '마케팅 알림 좀 그만 보내주세요'],
  ['본인 인증 문자가 안 와요', '휴대폰 인증번호가 안 옵니다', '인증번호 문자를 못 받고 있어요'],
  ['멤버십 등급이 왜 내려갔나요', '회원 등급이 강등됐어요 이유가 뭔가요', '등급 산정 기준이 어떻게 되나요'],
];

const BRANDS = ['삼성', '엘지', '샤오미', '필립스', '다이슨', '나이키', '아디다스', '뉴발란스', '무인양품', '로지텍', '앤커', '쿠쿠', '테팔', '락앤락', '하기스', '종근당', '아모레', '이니스프리', '코웨이', '위닉스', '한샘', '이케아', '시디즈', '휠라', '데상트', '노스페이스', '코닥', '캐논', '소니', '보스', '젠하이저', '브라운', '오랄비', '일리', '네스프레소', '드롱기', '발뮤다', '스탠리', '써모스', '모나미'];
const SERIES = ['에어', '프로', '울트라', '미니', '라이트', '플러스', '맥스', '스마트', '클래식', '슬림', '오리진', '제로', '퓨어', '네오', '비스타', '루나', '솔라', '코어', '엣지', '노바'];
const CATEGORIES = ['무선 이어폰', '블루투스 스피커', '에어프라이어', '로봇청소기', '전기포트', '가습기', '공기청정기', '선풍기', '노트북 거치대', '기계식 키보드', '게이밍 마우스', '보조배터리', '스마트워치', '휴대폰 케이스', '충전 케이블', '운동화', '등산화', '패딩 점퍼', '청바지', '니트 가디건', '원피스', '백팩', '캐리어', '텀블러', '프라이팬', '냄비 세트', '수건 세트', '이불', '베개', '카시트', '기저귀', '분유', '유산균', '비타민', '단백질 쉐이크', '샴푸', '선크림', '립스틱', '향수', '강아지 사료', '고양이 모래', '전기면도기', '전동칫솔', '커피머신', '믹서기', '드라이기', '고데기', '안마기', '러닝머신', '요가매트'];
const DETAILS = ['', '', '', '어제 주문한', '지난주에 산', '선물로 받은', '세일 때 산', '두 번째 주문인데', '회사로 받은', '부모님 댁으로 보낸', '라이브 방송 보고 산', '새벽배송으로 시킨', '정기구독 중인', '아이 선물로 산', '해외직구로 산'];
const OPENERS = ['안녕하세요', '안녕하세요 문의드립니다', '안녕하세여', '수고하십니다', '문의 드려요', '고객센터죠?', '상담원님', '늘 잘 이용하고 있어요', '바쁘신데 죄송해요', '급해요', '저기요', '다름이 아니라'];
const CLOSERS = ['감사합니다', '빠른 답변 부탁드려요', '확인 부탁드립니다', '수고하세요', '답변 기다릴게요', '꼭 연락 주세요', '부탁드립니다', '고맙습니다', '빨리 처리해 주세요', '연락 부탁드려요'];
const EMOTICONS = ['ㅠㅠ', 'ㅜㅜ', 'ㅠ', '!!', '??', '...', ';;', 'ㅡㅡ', '!!!', ' ㅠㅠㅠ'];
const TYPOS: [RegExp, string][] = [
  [/돼요/, '되요'], [/안 돼/, '안돼'], [/요$/, '여'], [/했는데/, '햇는데'], [/왔어요/, '왓어요'], [/없어요/, '업어요'],
  [/어요$/, '어용'], [/나요/, '나여'], [/주세요/, '주세여'], [/는데/, '는대'], [/됐어요/, '됬어요'], [/이에요/, '이예요'],
];
const FREE_WORDS = '오늘 내일 그냥 진짜 너무 혹시 아까 방금 계속 다시 이거 저거 그거 문자 전화 메일 사진 화면 버튼 주문 상품 제품 가격 할인 이벤트 당첨 경품 쿠폰 매장 직원 친절 불친절 기사님 택배 문앞 경비실 부재중 연락 답장 기다림 불편 만족 최고 최악 별로 좋아요 싫어요 추천 재구매 의향 포장 상태 꼼꼼 대충 설명 다름 비슷 그대로 사용 후기 남김 다음 이번 지난번 처음 마지막'.split(' ');

function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += 1 / (i + 1) ** s;
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

interface Generated {
  texts: string[];
  truth: Int32Array;
}

/** Deterministic items with planted clusters (see the file comment). */
function generate(count: number, seed = 1): Generated {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const productCount = BRANDS.length * SERIES.length * CATEGORIES.length;
  // Popular products are a random subset: permute product ids.
  const permutation = Int32Array.from({ length: productCount }, (_, i) => i);
  for (let i = productCount - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [permutation[i], permutation[j]] = [permutation[j]!, permutation[i]!];
  }
  const productRank = zipfSampler(productCount, 1.05, random);
  const problemRank = zipfSampler(PROBLEMS.length, 0.8, random);
  const productName = (id: number): string => {
    const c = id % CATEGORIES.length;
    const s = Math.floor(id / CATEGORIES.length) % SERIES.length;
    const b = Math.floor(id / (CATEGORIES.length * SERIES.length));
    return `${BRANDS[b]} ${SERIES[s]} ${CATEGORIES[c]}`;
  };
  const truthIds = new Map<number, number>();
  const texts: string[] = [];
  const truth = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let text: string;
    let key: number;
    if (random() < 0.1) {
      const words = 4 + Math.floor(random() * 6);
      text = Array.from({ length: words }, () => pick(FREE_WORDS)).join(' ');
      key = -1;
    } else {
      const problem = problemRank();
      const product = permutation[productRank()]!;
      const variants = PROBLEMS[problem]!;
      const variant = random() < 0.8 ? variants[0]! : pick(variants);
      const usesProduct = variant.includes('{p}');
      const detail = usesProduct ? pick(DETAILS) : '';
      text = variant.replace('{p}', `${detail ? detail + ' ' : ''}${productName(product)}`);
      key = usesProduct ? problem * productCount + product : PROBLEMS.length * productCount + problem;
      text = noisy(text, random, pick);
    }
    let id = key < 0 ? -1 : truthIds.get(key);
    if (id === undefined) truthIds.set(key, (id = truthIds.size));
    truth[i] = id < 0 ? count + i : id;
    texts.push(text);
  }
  return { texts, truth };
}

function noisy(text: string, random: () => number, pick: <T>(list: readonly T[]) => T): string {
  for (const [pattern, replacement] of TYPOS) if (random() < 0.15) text = text.replace(pattern, replacement);
  // spacing: drop some spaces, split some words
  let spaced = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' && random() < 0.15) continue;
    spaced += c;
    if (c !== ' ' && i + 1 < text.length && text[i + 1] !== ' ' && random() < 0.02) spaced += ' ';
  }
  text = spaced;
  if (random() < 0.15) text = `주문번호 ${Math.floor(random() * 1e8)} ${text}`;
  if (random() < 0.45) text = `${pick(OPENERS)}${random() < 0.5 ? ' ' : '. '}${text}`;
  if (random() < 0.3) text += pick(EMOTICONS);
  if (random() < 0.45) text += `${random() < 0.5 ? ' ' : '. '}${pick(CLOSERS)}`;
  return text;
}

// ---------------------------------------------------------------------------------------------
// Metrics

interface PairScores {
  precision: number;
  recall: number;
  f1: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/** Pairwise precision/recall of predicted groups against true clusters. */
function pairwise(predicted: ArrayLike<number>, truth: ArrayLike<number>): PairScores & { largest: number; groups: number; bp: number; br: number; bf1: number } {
  const byPredicted = new Map<number, number>();
  const byTruth = new Map<number, number>();
  const byBoth = new Map<number, number>();
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    const t = truth[i]!;
    byPredicted.set(p, (byPredicted.get(p) ?? 0) + 1);
    byTruth.set(t, (byTruth.get(t) ?? 0) + 1);
    const both = p * 4_194_304 + t;
    byBoth.set(both, (byBoth.get(both) ?? 0) + 1);
  }
  let tp = 0;
  let predictedPairs = 0;
  let truePairs = 0;
  let largest = 0;
  for (const n of byBoth.values()) tp += pairs(n);
  for (const n of byPredicted.values()) {
    predictedPairs += pairs(n);
    largest = Math.max(largest, n);
  }
  for (const n of byTruth.values()) truePairs += pairs(n);
  const precision = predictedPairs ? tp / predictedPairs : 1;
  const recall = truePairs ? tp / truePairs : 1;
  // B-cubed: per item, the share of its predicted group that shares its truth, and vice versa.
  let bp = 0;
  let br = 0;
  for (let i = 0; i < predicted.length; i++) {
    const both = byBoth.get(predicted[i]! * 4_194_304 + truth[i]!)!;
    bp += both / byPredicted.get(predicted[i]!)!;
    br += both / byTruth.get(truth[i]!)!;
  }
  bp /= predicted.length;
  br /= predicted.length;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, largest, groups: byPredicted.size, bp, br, bf1: (2 * bp * br) / (bp + br) };
}

function prf(tp: number, fp: number, fn: number): PairScores {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const f3 = (x: number): string => x.toFixed(3);

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

// ---------------------------------------------------------------------------------------------
// 1. Speed + planted clusters

/** Child process: times groupDuplicates or the CLI on a JSONL file and reports peak RSS. */
async function child(mode: string, file: string, out: string): Promise<void> {
  const rssAtStart = peakRssMb();
  const started = performance.now();
  if (mode === 'group') {
    const items = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l)
      .map((l) => {
        const row = JSON.parse(l) as { id: string; text: string };
        return { id: row.id, text: row.text };
      });
    const loaded = performance.now();
    const rssLoaded = peakRssMb();
    const groups = groupDuplicates(items, shareOption);
    const seconds = (performance.now() - loaded) / 1000;
    writeFileSync(out, groups.join('\n'));
    console.log(JSON.stringify({ seconds, rssLoaded, peakRss: peakRssMb() }));
  } else {
    const { dedupeCommand } = await import('../src/cli/commands/dedupe.js');
    await dedupeCommand(['--in', file, '--out', out], {} as never);
    console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, rssLoaded: rssAtStart, peakRss: peakRssMb() }));
  }
}

if (values.child) {
  const [file, out] = positionals;
  await child(values.child, file!, out!);
  process.exit(0);
}

function runChild(mode: string, file: string, out: string): { seconds: number; rssLoaded: number; peakRss: number } {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', mode, file, out, ...(values.share ? ['--share', values.share] : []), ...(values.linkage ? ['--linkage', values.linkage] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 26,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

if (!values['skip-speed']) {
  const count = Number(values.count);
  let t0 = performance.now();
  const { texts, truth } = generate(count);
  const generateSeconds = (performance.now() - t0) / 1000;
  console.log(`generated ${count.toLocaleString()} items in ${generateSeconds.toFixed(1)} s; e.g.`);
  for (let i = 0; i < 5; i++) console.log(`  ${texts[i]}`);
  const OUT = join(import.meta.dirname, 'out');
  mkdirSync(OUT, { recursive: true });
  const itemsFile = join(OUT, `dedupe-items-${count}.jsonl`);
  writeFileSync(itemsFile, texts.map((text, i) => JSON.stringify({ id: `item-${i}`, text })).join('\n') + '\n');

  // groupDuplicates in a fresh process (the generator's garbage would inflate peak RSS here).
  const timed = runChild('group', itemsFile, join(OUT, 'dedupe-groups.txt'));
  const ids = readFileSync(join(OUT, 'dedupe-groups.txt'), 'utf8').split('\n');
  const roots = Int32Array.from(ids, (id) => Number(id.slice(5)));
  const scores = pairwise(roots, truth);
  console.log(`\n### Speed and planted clusters (threshold 0.5, ${shareOption.linkage ?? 'leader'} linkage, one thread)\n`);
  console.log('| run | items | seconds | items/s | peak RSS MB (before) | groups | largest group | pair precision | pair recall | pair F1 | B³ precision | B³ recall | B³ F1 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| groupDuplicates | ${count.toLocaleString()} | ${timed.seconds.toFixed(1)} | ${Math.round(count / timed.seconds).toLocaleString()} | ${timed.peakRss} (${timed.rssLoaded} with the texts loaded) | ${scores.groups.toLocaleString()} | ${scores.largest.toLocaleString()} | ${f3(scores.precision)} | ${f3(scores.recall)} | ${f3(scores.f1)} | ${f3(scores.bp)} | ${f3(scores.br)} | ${f3(scores.bf1)} |`,
  );
  const cli = runChild('cli', itemsFile, join(OUT, 'dedupe-groups.jsonl'));
  console.log(`| sori dedupe (JSONL in → out, two passes) | ${count.toLocaleString()} | ${cli.seconds.toFixed(1)} | ${Math.round(count / cli.seconds).toLocaleString()} | ${cli.peakRss} | | | | | | | | |`);

  // The incremental index on the same items (no document-frequency filter: nothing learned).
  const indexCount = Math.min(count, Number(values['quality-count']));
  const index = new DedupeIndex(shareOption);
  const indexStarted = performance.now();
  for (let i = 0; i < indexCount; i++) index.add(i, texts[i]!);
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  console.log(`\nDedupeIndex: ${indexCount.toLocaleString()} adds in ${indexSeconds.toFixed(1)} s (${Math.round((indexSeconds / indexCount) * 1e6)} µs an add)\n`);

  // Thresholds, linkage and the document-frequency filter on a smaller slice (same generator).
  const qualityCount = Math.min(count, Number(values['quality-count']));
  console.log(`\n### Planted clusters: settings compared (first ${qualityCount.toLocaleString()} items)\n`);
  console.log('| threshold | linkage | max doc share | seconds | groups | largest | pair precision | pair recall | pair F1 | B³ precision | B³ recall | B³ F1 |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const slice = texts.slice(0, qualityCount);
  const sliceTruth = truth.subarray(0, qualityCount);
  const settings: DedupeOptions[] = [
    ...thresholds.map((threshold) => ({ ...shareOption, threshold })),
    { ...shareOption, threshold: 0.5, linkage: 'single' },
    { ...shareOption, threshold: 0.6, linkage: 'single' },
    { ...shareOption, threshold: 0.5, maxDocShare: 0.01 },
    { ...shareOption, threshold: 0.5, maxDocShare: 0.05 },
    { ...shareOption, threshold: 0.5, maxDocShare: 1 },
  ];
  for (const options of settings) {
    const started = performance.now();
    const b = new DedupeBatch(options);
    for (const text of slice) b.add(text);
    const grouped = b.group();
    const took = (performance.now() - started) / 1000;
    const s = pairwise(grouped, sliceTruth);
    const share = options.maxDocShare === 1 ? 'off' : String(options.maxDocShare ?? DEFAULT_DEDUPE_OPTIONS.maxDocShare);
    console.log(
      `| ${options.threshold} | ${options.linkage ?? 'leader'} | ${share} | ${took.toFixed(1)} | ${s.groups.toLocaleString()} | ${s.largest.toLocaleString()} | ${f3(s.precision)} | ${f3(s.recall)} | ${f3(s.f1)} | ${f3(s.bp)} | ${f3(s.br)} | ${f3(s.bf1)} |`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Korean question pairs

const pairsPath = join(DATA, 'ko_question_pairs.jsonl');
if (existsSync(pairsPath)) {
  const rows = readFileSync(pairsPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { question1: string; question2: string; same: boolean });
  const positives = rows.filter((r) => r.same).length;
  console.log(`\n### ko_question_pairs (${rows.length} pairs, ${positives} same, ${rows.length - positives} different)\n`);
  console.log('| threshold | alone: precision | recall | F1 | pooled: precision | recall | F1 |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const threshold of thresholds) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of rows) {
      const [a, b] = groupDuplicates([{ id: 0, text: r.question1 }, { id: 1, text: r.question2 }], { ...shareOption, threshold });
      const together = a === b;
      if (together && r.same) tp++;
      else if (together) fp++;
      else if (r.same) fn++;
    }
    const alone = prf(tp, fp, fn);
    const pooled = new DedupeBatch({ ...shareOption, threshold });
    for (const r of rows) {
      pooled.add(r.question1);
      pooled.add(r.question2);
    }
    const roots = pooled.group();
    tp = fp = fn = 0;
    rows.forEach((r, i) => {
      const together = roots[2 * i] === roots[2 * i + 1];
      if (together && r.same) tp++;
      else if (together) fp++;
      else if (r.same) fn++;
    });
    const p = prf(tp, fp, fn);
    console.log(`| ${threshold} | ${f3(alone.precision)} | ${f3(alone.recall)} | ${f3(alone.f1)} | ${f3(p.precision)} | ${f3(p.recall)} | ${f3(p.f1)} |`);
  }
} else console.log(`\n(${pairsPath} not found: question-pair evaluation skipped)`);
