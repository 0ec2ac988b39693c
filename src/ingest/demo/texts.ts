// Turns a topic into what each channel actually looks like: a chat message with ㅠㅠ and typos,
// a 1:1 board post with a subject, an email, an agent's call memo, a chatbot session, a store
// review, an NPS comment.

import { INCIDENTS } from './incidents.js';
import { pick, weighted, type Rng } from './rng.js';
import { compileAll, type Render } from './template.js';
import { CANCEL_REASONS, TOPICS, type TopicSpec, type VocType } from './topics.js';
import { SLOTS, type TextContext } from './vocabulary.js';

type R = Render<TextContext>;
const all = (sources: readonly string[]): R => compileAll(sources, SLOTS);

/** What a text is about: the labels a perfect classifier would give it. */
export interface Truth {
  type: VocType;
  topic: string;
  reason?: string;
}

export interface CompiledTopic {
  spec: TopicSpec;
  body: R;
  title: R;
  bot: R;
  memo: R;
  en: R | null;
  app: R | null;
}

function compileTopic(spec: TopicSpec): CompiledTopic {
  return {
    spec,
    body: all(spec.bodies),
    title: all(spec.titles),
    bot: all(spec.bot),
    memo: all(spec.memo),
    en: spec.en ? all(spec.en) : null,
    app: spec.app ? all(spec.app) : null,
  };
}

export const COMPILED_TOPICS: ReadonlyMap<string, CompiledTopic> = new Map(TOPICS.map((t) => [t.topic, compileTopic(t)]));

/** A compiled topic by its name; throws on a typo. */
export function topicByName(name: string): CompiledTopic {
  const t = COMPILED_TOPICS.get(name);
  if (!t) throw new Error(`unknown demo topic: ${name}`);
  return t;
}

const compiledList = [...COMPILED_TOPICS.values()];
/** A support-conversation topic, by inbox share. */
export const sampleConversationTopic = weighted(compiledList.map((t) => [t, t.spec.weight] as const));
/** A topic with English wording. */
export const sampleEnglishTopic = weighted(compiledList.filter((t) => t.en).map((t) => [t, t.spec.weight] as const));
// App reviews complain about the app itself far more often than the inbox does.
const sampleAppTopic = weighted(
  compiledList.filter((t) => t.app).map((t) => [t, t.spec.weight * (t.spec.type === 'bug' ? 3 : 1)] as const),
);

const compiledReasons = CANCEL_REASONS.map((r) => ({ code: r.code, label: r.label, render: all(r.phrases) }));
const sampleReason = weighted(CANCEL_REASONS.map((r, i) => [compiledReasons[i], r.weight] as const));

/** Picks a cancellation reason into the context (for {reason}) and returns its code. */
export function chooseReason(c: TextContext): string {
  const reason = sampleReason(c.rng);
  c.reasonText = reason.render(c);
  c.reasonLabel = reason.label;
  return reason.code;
}

export const INCIDENT_BODIES: ReadonlyMap<string, { body: R; spill: R | null }> = new Map(
  INCIDENTS.map((i) => [i.key, { body: all(i.bodies), spill: i.spill ? all(i.spill.bodies) : null }]),
);

// ---- noise: how people really type --------------------------------------------------------------

// Correct form → how it is often typed. Spelling slips, 결제→결재, and spoken shortenings.
const TYPOS: readonly (readonly [string, string])[] = [
  ['돼요', '되요'],
  ['됐어요', '됬어요'],
  ['안 돼', '안돼'],
  ['결제', '결재'],
  ['며칠', '몇일'],
  ['어떻게', '어떡게'],
  ['어떡해요', '어떻해요'],
  ['할게요', '할께요'],
  ['거예요', '거에요'],
  ['있나요', '잇나요'],
  ['했는데', '햇는데'],
  ['주세요', '주세여'],
  ['같아요', '같아여'],
  ['비밀번호', '비번'],
  ['그런데', '근데'],
  ['문의', '문이'],
  ['환불', '환뷸'],
  ['배송', '배숑'],
  ['로그인', '로긴'],
  ['업데이트', '업뎃'],
  ['안 와요', '안와요'],
  ['모르겠어요', '모르겟어요'],
  ['빨리', '빨랑'],
  ['괜찮', '갠찮'],
  ['왔어요', '왓어요'],
];

/** Spelling slips and missing spaces, at a rate that suits the channel (0 = none). */
export function addNoise(text: string, level: number, rng: Rng): string {
  if (level <= 0 || rng() >= level) return text;
  let out = text;
  let applied = 0;
  // Try a handful of slips, not all: cheap, and a text rarely has more than two.
  for (let k = 0; k < 8 && applied < 2; k++) {
    const [right, wrong] = TYPOS[(rng() * TYPOS.length) | 0];
    const at = out.indexOf(right);
    if (at >= 0) {
      out = out.slice(0, at) + wrong + out.slice(at + right.length);
      applied++;
    }
  }
  // 띄어쓰기: drop some spaces.
  if (applied === 0 || rng() < 0.35) {
    const words = out.split(' ');
    const drop = 0.2 + rng() * 0.3;
    out = words[0];
    for (let i = 1; i < words.length; i++) out += (rng() < drop ? '' : ' ') + words[i];
  }
  return out;
}

const NEGATIVE: ReadonlySet<VocType> = new Set(['bug', 'billing', 'delivery', 'cancellation', 'complaint', 'account']);

function sampler(entries: readonly string[]): (rng: Rng) => string {
  return (rng) => pick(rng, entries);
}

const ENDINGS_NEGATIVE = sampler(['ㅠㅠ', 'ㅠ', 'ㅜㅜ', '..', '...', '??', ' 빨리 확인 부탁드려요', ' 답변 기다릴게요', ';;', 'ㅡㅡ', ' 확인 좀 해주세요']);
const ENDINGS_POSITIVE = sampler(['ㅎㅎ', '^^', '!!', 'ㅋㅋ', ' :)', '~']);
const ENDINGS_NEUTRAL = sampler(['~', '??', 'ㅎㅎ', ' 감사합니다', 'ㅋㅋ', '!']);
const CHAT_GREETINGS = sampler(['안녕하세요', '안녕하세요~', '안녕하세요!', '저기요', '문의드려요', '수고하십니다', '안녕하세여', '상담원님', '안녕하세요 문의 좀 할게요']);

function ending(type: VocType, rng: Rng): string {
  if (type === 'praise') return ENDINGS_POSITIVE(rng);
  return NEGATIVE.has(type) ? ENDINGS_NEGATIVE(rng) : ENDINGS_NEUTRAL(rng);
}

// ---- context: what customers say around the question ---------------------------------------------

// Two customers with the same question rarely write the same message: one says since when, what
// they tried, why it is urgent, who they ask for. Without these, most ordinary days held the same
// sentence dozens of times and four in ten items were near-duplicates, so "the same bug reported
// five times today" meant nothing. Incident messages get none (they are meant to repeat). No word
// here is a demo topic rule's (쿠폰, 배송, 로그인, 환불, 취소, 알림, 상담원, 감사합니다 …).
const PROBLEM_LEADS = all([
  '[아침부터|어제부터|며칠 전부터|지난주부터] 계속 [이래서|이러네요.] 문의[드려요|드립니다|해요].',
  '[이런 적이 처음이라|처음 겪는 일이라] [당황스럽네요|어떻게 해야 할지 모르겠어요].',
  '[회사라서|회의 중이라|아이가 자고 있어서] 전화는 어렵고 [여기로|글로] 남겨요.',
  '[어머니|아버지|와이프|남편|동생] [계정|아이디] [대신|건으로] 문의드려요.',
  '[지난달에도|전에도|예전에도] 비슷한 일이 있었는데 또 [그러네요|이러네요].',
  '[자주|매주|거의 매일] 이용하는 [사람인데요|회원인데요|고객인데요].',
  '[출근길이라|점심시간이라|퇴근하고 이제 봐서] [짧게|급하게|간단히] 남겨요.',
  '[핸드폰|폰] 바꾼 지 [얼마 안 됐어요|일주일 됐어요].',
  '[아이|애기] 재우고 [이제야|겨우] 글 남겨요.',
  '[다른 데서는|다른 쇼핑몰은|여태까지는] 이런 일 없었는데요.',
  '제가 뭘 잘못 [누른 건지|한 건지] 모르겠는데요.',
  '[{city}에 살아서|지방이라] 직접 [가기도|찾아가기도] 어렵고요.',
]);
const PROBLEM_TAILS = all([
  '[몇 번|여러 번|세 번이나] 다시 해봤는데 [똑같아요|그대로예요|마찬가지예요].',
  '[오늘 안에|내일까지는|이번 주 안에] [처리됐으면|확인됐으면|해결됐으면] 좋겠어요.',
  '[캡처|화면 사진|스크린샷] 필요하면 [보내드릴게요|첨부할게요|말씀해 주세요].',
  '답은 [문자로|카톡으로|메일로|전화로] 주셔도 돼요.',
  '[확인되면|처리되면] 연락 [주세요|부탁드려요|한 번만 주세요].',
  '[돈 문제라|중요한 거라] [좀 신경이 쓰이네요|빨리 알고 싶어요].',
  '[바쁘실 텐데|주말이라 늦으시면] [확인되는 대로|천천히라도] 답 주세요.',
  '[정말|진짜] [황당하네요|답답하네요|속상하네요].',
  '[저녁에|밤에|내일 아침에] 다시 [확인해볼게요|들어와 볼게요].',
  '[어떻게 된 건지|무슨 상황인지] [설명이라도|이유라도] 듣고 싶어요.',
]);
const QUESTION_LEADS = all([
  '[처음|얼마 전에] 가입해서 [잘 몰라서요|아직 헷갈려서요|아직 서툴러서요].',
  '[FAQ|도움말|공지사항]을 봐도 [잘 모르겠어서요|안 나와서요|찾기가 어려워서요].',
  '[엄마가|아버지가|친구가] 물어[보셔서|봐서] 대신 여쭤봐요.',
  '간단한 [질문|거] 하나만 [여쭤볼게요|물어볼게요].',
  '[주변에|친구한테] 물어봐도 [모르더라고요|다들 다르게 말해서요].',
  '[자주|매주|거의 매일] 이용하는 [사람인데요|회원인데요|고객인데요].',
  '[출근길이라|점심시간이라] [짧게|급하게|간단히] 남겨요.',
]);
const QUESTION_TAILS = all([
  '[나중에|시간 되실 때|천천히] 답 주셔도 [괜찮아요|돼요].',
  '답은 [문자로|카톡으로|메일로] 주셔도 돼요.',
  '[다른 앱은|다른 쇼핑몰은|예전 버전은] 되던 거라서요.',
  '[아직|여태] 못 찾았어요. [어디 있는지만|방법만] 알려주세요.',
  '[나이가 있어서|앱을 잘 몰라서] [쉽게|자세히] 알려주시면 좋겠어요.',
]);
// A cancellation or refund is a decision, not a fault: no "since yesterday", no "I tried again".
const CANCEL_LEADS = all([
  '[한참 고민하다가|며칠 고민하다가|가족이랑 얘기해보고] 문의[드려요|드립니다].',
  '[회사라서|회의 중이라|아이가 자고 있어서] 전화는 어렵고 [여기로|글로] 남겨요.',
  '[어머니|아버지|와이프|남편] [계정|아이디] 건으로 대신 문의드려요.',
  '[출근길이라|점심시간이라] [짧게|급하게|간단히] 남겨요.',
  '[자주|오래] 이용한 [회원인데요|고객인데요|사람인데요].',
]);
const CANCEL_TAILS = all([
  '[처리되면|정리되면|끝나면] 연락 [주세요|부탁드려요].',
  '답은 [문자로|카톡으로|메일로] 주셔도 돼요.',
  '[오늘 안에|이번 주 안에] [처리됐으면|정리됐으면] 좋겠어요.',
  '[바쁘실 텐데|주말이라 늦으시면] [확인되는 대로|천천히라도] 답 주세요.',
  '[언제쯤|며칠 안에] [처리되는지|마무리되는지]도 알려주세요.',
]);
const CONTEXT_FREE: ReadonlySet<VocType> = new Set(['praise']);
const QUESTION_TYPES: ReadonlySet<VocType> = new Set(['how_to', 'feature_request', 'usability']);

/**
 * The body with what a customer says around it — a lead-in, a tail, both or neither — for chat,
 * board and email. Draws from `c.rng` only.
 */
export function withContext(body: string, type: VocType, c: TextContext): string {
  if (CONTEXT_FREE.has(type)) return body;
  const r = c.rng();
  if (r >= 0.8) return body;
  const question = QUESTION_TYPES.has(type);
  const cancel = type === 'cancellation';
  const lead = question ? QUESTION_LEADS : cancel ? CANCEL_LEADS : PROBLEM_LEADS;
  const tail = question ? QUESTION_TAILS : cancel ? CANCEL_TAILS : PROBLEM_TAILS;
  if (r < 0.25) return `${lead(c)} ${body} ${tail(c)}`;
  if (r < 0.52) return `${lead(c)} ${body}`;
  return `${body} ${tail(c)}`;
}

/** A chat message: optional greeting, the body split over lines now and then, an ending. */
export function chatText(body: string, type: VocType, rng: Rng): string {
  let text = body;
  if (rng() < 0.3) text = text.replace('. ', '\n');
  if (rng() < 0.45) text = CHAT_GREETINGS(rng) + (rng() < 0.5 ? '\n' : ' ') + text;
  if (rng() < 0.4) text += ending(type, rng);
  return addNoise(text, 0.3, rng);
}

const ORDER_DETAIL = all(['주문번호: {orderNo}', '주문번호는 {orderNo}입니다.', '주문번호 {orderNo} 건이에요.']);
const TYPE_DETAIL: Partial<Record<VocType, R>> = {
  bug: all(['사용 기기: {device} / 앱 버전: {appVersion}', '{device} 사용 중입니다.', '스크린샷 첨부합니다.', '{time} 처음 발생했어요.']),
  billing: all(['결제수단은 {payMethod}입니다.', '{card} 결제 건입니다.']),
};

/** A line board posts and emails add: the order number, the device, the means of payment. */
function detailFor(topic: CompiledTopic): R | undefined {
  return topic.spec.order ? ORDER_DETAIL : TYPE_DETAIL[topic.spec.type];
}
const BOARD_CLOSING = all(['확인 부탁드립니다.', '답변 기다리겠습니다.', '빠른 처리 부탁드려요.', '감사합니다.', '연락 부탁드립니다.']);

/** A 1:1 board post: subject line and a slightly longer, tidier body. */
export function boardText(topic: CompiledTopic, body: string, c: TextContext): { title: string; text: string } {
  let text = c.rng() < 0.35 ? `안녕하세요. ${body}` : body;
  const detail = detailFor(topic);
  if (detail && c.rng() < 0.5) text += (c.rng() < 0.5 ? '\n' : ' ') + detail(c);
  if (c.rng() < 0.4) text += '\n' + BOARD_CLOSING(c);
  return { title: addNoise(topic.title(c), 0.1, c.rng), text: addNoise(text, 0.15, c.rng) };
}

const EMAIL_OPENINGS = sampler(['안녕하세요.', '안녕하세요, 소리마켓 고객센터 담당자님.', '고객센터 담당자님께', '안녕하세요. 문의드립니다.']);
const EMAIL_CLOSINGS = sampler(['감사합니다.', '확인 부탁드립니다.', '빠른 회신 부탁드립니다.', '답변 기다리겠습니다.']);
const EMAIL_SIGNATURE = all(['{name} 드림', '{name}', '{name} 올림']);
const EMAIL_SIGNATURE_PHONE = all(['{name} / {phone}', '{name} 드림\n연락처: {phone}', '{name}\nM. {phone}']);

/** An email to the help desk: greeting, body, sign-off, sometimes a signature with a phone number. */
export function emailText(topic: CompiledTopic, body: string, c: TextContext): { title: string; text: string } {
  let text = `${EMAIL_OPENINGS(c.rng)}\n\n${body}`;
  const detail = detailFor(topic);
  if (detail && c.rng() < 0.5) text += ` ${detail(c)}`;
  text += `\n\n${EMAIL_CLOSINGS(c.rng)}`;
  const r = c.rng();
  if (r < 0.2) text += `\n${EMAIL_SIGNATURE_PHONE(c)}`;
  else if (r < 0.6) text += `\n${EMAIL_SIGNATURE(c)}`;
  const subject = c.rng() < 0.15 ? `문의드립니다` : topic.title(c);
  return { title: c.rng() < 0.2 ? `[문의] ${subject}` : subject, text: addNoise(text, 0.05, c.rng) };
}

const EN_NAMES = ['Alex Kim', 'John', 'Maria Santos', 'Daniel Lee', 'Emily', 'Nguyen Van An', 'Sarah Park'];
const EN_TITLES = ['Question about my order', 'Help needed', 'Support request', 'Problem with the app', 'Inquiry'];

/** English wrapper for the ~3% of inquiries written in English (foreign residents). */
export function englishText(channel: 'chat' | 'board' | 'email', body: string, rng: Rng): { title?: string; text: string } {
  if (channel === 'chat') return { text: `${pick(rng, ['Hi, ', 'Hello, ', '', 'Hi there. '])}${body}${pick(rng, ['', ' Thanks.', ' Please help.', ' Thank you!'])}` };
  const text = `${pick(rng, ['Hello,', 'Hi,', 'Dear Sori Market support,'])}\n\n${body}\n\n${pick(rng, ['Thanks,', 'Best regards,', 'Thank you,'])}\n${pick(rng, EN_NAMES)}`;
  return { title: pick(rng, EN_TITLES), text };
}

// ---- phone memos (written by the agent) -------------------------------------------------------

const MEMO_ACTIONS: Record<VocType, R> = {
  bug: all(['[재설치|캐시 삭제|앱 업데이트] 안내[ 후 정상 확인|했으나 동일 증상 → 개발팀 이관|. 재현 안 됨, 모니터링]', '오류 화면 캡처 요청, 개발팀 이관', '임시 조치 안내 후 종료']),
  feature_request: all(['개선 요청 접수, 기획팀 전달', 'VOC 등록 후 종료', '현재 미지원 안내, 요청 사항 전달']),
  usability: all(['이용 방법 안내 후 종료', 'VOC 등록, 기획팀 공유', '메뉴 위치 안내[|. 개선 요청 접수]']),
  how_to: all(['이용 방법 안내 후 종료', '메뉴 위치 안내', '문자로 가이드 링크 발송', '안내 완료']),
  billing: all(['결제 내역 확인 후 [중복 건 취소 처리|차액 환불 처리|PG사 확인 요청]', '카드사 취소 접수, 영업일 3~5일 소요 안내', '결제 내역 확인 중, 회신 예정']),
  account: all(['본인인증 후 처리 완료', '명의 확인 불가로 안내만 진행', '정보 변경 완료', '보안팀 이관']),
  delivery: all(['{courier} 확인 결과 [출고 지연|집하 지연|배송 중] 안내[|. 도착 예정일 안내 후 종료|. 고객 불만 큼, 재연락 요청]', '물류팀 확인 요청, 회신 예정']),
  cancellation: all(['취소 처리 완료', '환불 예정일 안내(영업일 기준 3~5일)']),
  complaint: all(['불편 사항 사과 및 청취', '팀장 이관 요청', '재발 방지 안내 후 종료', '사과 후 쿠폰 보상']),
  praise: all(['칭찬 접수, 해당 팀 공유', '감사 인사 전달']),
};
// Where the type's usual action would not fit the topic.
const MEMO_TOPIC_ACTIONS: Readonly<Record<string, R>> = Object.fromEntries(
  Object.entries({
    wrong_item: ['회수 접수 및 재발송 처리', '사진 접수 후 교환 처리', '물류팀 오출고 확인 요청'],
    missing_item: ['누락분 재발송 처리', '물류팀 확인 요청, 회신 예정'],
    damaged: ['사진 접수 후 재발송 처리', '회수 후 환불 처리', '택배사 파손 접수'],
    exchange: ['교환 회수 접수 완료', '회수 기사 재배정 요청', '교환 배송비 안내 후 접수'],
    return: ['반품 회수 접수 완료', '회수 기사 재배정 요청', '반품 배송비 안내'],
    address_change: ['출고 전 배송지 변경 처리 완료', '이미 출고되어 변경 불가 안내, 택배사 연락 안내'],
    order_change: ['출고 전 옵션 변경 처리', '변경 불가로 취소 후 재주문 안내'],
    order_cancel: ['취소 처리 완료', '출고 전 확인 후 취소 처리', '이미 출고되어 반품 접수 안내'],
    refund: ['환불 예정일 안내(영업일 기준 3~5일)', 'PG사 환불 진행 확인, 재안내 예정', '환불 계좌 등록 후 처리'],
    subscription_cancel: ['해지 방어 시도 → 실패, 해지 처리', '해지 방어 쿠폰 안내 → 유지 결정', '해지 접수, 다음 결제일 전 해지 안내', '해지 처리 완료'],
  }).map(([topic, sources]) => [topic, all(sources)]),
);
const MEMO_PREFIXES = sampler(['', '', '', '', '재인입. ', '항의성 인입. ', '부재중 콜백. ']);

/** An agent's call memo: terse, agent vocabulary, with what was done. */
export function phoneMemo(topic: CompiledTopic, c: TextContext, reask: boolean): string {
  const summary = topic.memo(c);
  const action = (MEMO_TOPIC_ACTIONS[topic.spec.topic] ?? MEMO_ACTIONS[topic.spec.type])(c);
  const r = c.rng();
  const core = r < 0.4 ? `${summary}. ${action}` : r < 0.7 ? `[${topic.spec.label}] ${summary} → ${action}` : `고객 ${summary} 건. ${action}`;
  const prefix = reask ? '재인입. ' : MEMO_PREFIXES(c.rng);
  return prefix + core;
}

// ---- chatbot sessions -------------------------------------------------------------------------

const BOT_ESCALATE = sampler(['상담원 연결', '상담사 연결해주세요', '상담원', '사람이랑 얘기할래요', '이거 말고요 상담원이요', '해결이 안 돼요']);
const BOT_DONE = sampler(['네', '감사합니다', '확인했어요', '알겠어요', 'ㅇㅋ']);

/** The customer's turns of a chatbot session, one per line. */
export function chatbotText(topic: CompiledTopic, c: TextContext, escalated: boolean): string {
  let text = topic.bot(c);
  if (topic.spec.order && c.rng() < 0.3) text += `\n${SLOTS.orderNo(c)}`;
  if (escalated) text += `\n${BOT_ESCALATE(c.rng)}`;
  else if (c.rng() < 0.5) text += `\n${BOT_DONE(c.rng)}`;
  return addNoise(text, 0.15, c.rng);
}

// ---- app store reviews, product reviews, NPS --------------------------------------------------

interface TruthTemplate {
  truth: Truth;
  render: R;
}

function tagged(type: VocType, topic: string, sources: readonly string[]): TruthTemplate {
  return { truth: { type, topic }, render: all(sources) };
}

const APP_HIGH = tagged('praise', 'app_good', [
  '배송 빠르고 [좋아요|만족해요]',
  '[자주|매주] 이용해요[ ㅎㅎ|!|]',
  '[UI가|화면이] 깔끔하고 쓰기 편해요',
  '가격 착하고 배송 빨라요. 추천합니다',
  '새벽배송 [최고|짱]',
  '[장보기|생필품 사기] 편해요',
  '고객센터 응대가 [친절해요|빨라요]',
  '쿠폰 많이 줘서 좋아요',
  '멤버십 혜택 [좋아요|쏠쏠해요]',
]);
const APP_HIGH_EN = tagged('praise', 'app_good', ['Great app, fast delivery!', 'Easy to use. Love the early morning delivery.']);
const APP_LOW_EN = tagged('bug', 'app_crash', ['App keeps crashing after the update.', 'Too slow and crashes all the time.']);
const APP_SUFFIX = sampler(['', '', ' 별 하나도 아까워요', ' 고쳐주세요', ' 빨리 개선해주세요', ' 예전이 나았음', ' 짜증나요', ' 지웁니다', ' 제발요']);
const APP_MID_PREFIX = sampler(['쓸만한데 ', '괜찮은데 ', '무난한데 ', '다 좋은데 ', '상품은 좋은데 ']);

/** An app-store review for a rating; low ratings complain about one app topic. */
export function appReview(rating: number, c: TextContext, english: boolean, incidentBody: string | null): { text: string; truth: Truth } {
  if (incidentBody !== null) return { text: addNoise(incidentBody + APP_SUFFIX(c.rng), 0.35, c.rng), truth: { type: 'bug', topic: 'login' } };
  if (english) {
    const t = rating >= 4 ? APP_HIGH_EN : APP_LOW_EN;
    return { text: t.render(c), truth: t.truth };
  }
  if (rating >= 4) {
    const t = APP_HIGH;
    return { text: addNoise(t.render(c), 0.35, c.rng), truth: t.truth };
  }
  const topic = sampleAppTopic(c.rng);
  const line = topic.app!(c);
  const text = rating === 3 ? APP_MID_PREFIX(c.rng) + line : line + APP_SUFFIX(c.rng);
  return { text: addNoise(text, 0.35, c.rng), truth: { type: topic.spec.type, topic: topic.spec.topic } };
}

const PRODUCT_HIGH = tagged('praise', 'product_good', [
  '{product} [너무 좋아요|만족합니다|재구매 의사 있어요]. [배송도 빠르고|포장도 꼼꼼하고] [가성비 최고예요|또 살게요]',
  '[사이즈 딱 맞아요|생각보다 크네요. 한 치수 작게 주문하세요|정사이즈예요]',
  '[부모님 선물로|선물용으로] 샀는데 [좋아하세요|반응 좋았어요]',
  '[벌써 세 번째 구매예요|재구매했어요]. [믿고 사요|역시 좋네요]',
  '가격 대비 괜찮아요[ㅎㅎ|!|]',
  '[색감 예뻐요|디자인 예뻐요|맛있어요|신선해요|튼튼해요]',
  '[생각보다|기대 이상으로] 좋네요. [잘 쓸게요|추천합니다]',
]);
const PRODUCT_MID = tagged('complaint', 'product_quality', ['[그냥 그래요|가격 생각하면 무난해요|사진이랑 색감이 좀 달라요]', '[나쁘지 않은데|괜찮긴 한데] [마감이 좀 아쉬워요|생각보다 작아요|냄새가 좀 나요]']);
const PRODUCT_LOW = [
  tagged('complaint', 'product_quality', ['[한 번 쓰고 고장났어요|냄새가 너무 심해요|사진이랑 너무 달라요|마감이 엉망이에요]', '유통기한 임박 상품이 왔어요', '[두 번 빨았더니|며칠 썼더니] [보풀이 엄청 일어나요|망가졌어요]']),
  tagged('delivery', 'damaged', ['[포장 불량으로 새서 왔어요|박스가 찢어져서 왔어요|깨져서 왔어요]']),
  tagged('delivery', 'delivery_delay', ['배송이 [너무 늦어요|일주일 걸렸어요]. 상품은 [괜찮아요|그냥 그래요]']),
];
const sampleProductLow = weighted(PRODUCT_LOW.map((t, i) => [t, [6, 2, 2][i]] as const));

/** A product review for a rating. */
export function productReview(rating: number, c: TextContext): { text: string; truth: Truth } {
  const t = rating >= 4 ? PRODUCT_HIGH : rating === 3 ? PRODUCT_MID : sampleProductLow(c.rng);
  return { text: addNoise(t.render(c), 0.3, c.rng), truth: t.truth };
}

const NPS_PROMOTER = tagged('praise', 'overall', [
  '배송 빠르고 [상품도 좋아서|가격도 괜찮아서] [주변에 추천했어요|계속 쓸 거예요]',
  '멤버십 무료배송 때문에 계속 써요',
  '[없음|딱히 없어요|만족합니다|좋아요]',
  '고객센터가 친절해요',
  '[쿠폰|적립금] 혜택이 좋아요',
]);
const NPS_PASSIVE = [
  tagged('delivery', 'delivery_delay', ['[대체로 만족하는데|괜찮은데] 배송이 가끔 늦어요']),
  tagged('bug', 'app_crash', ['[대체로 만족하는데|괜찮은데] 앱이 좀 느려요']),
  tagged('complaint', 'price_increase', ['[대체로 만족하는데|괜찮은데] 가격이 좀 올랐어요']),
  tagged('feature_request', 'assortment', ['상품 종류가 더 많았으면 해요', '[보통이에요|그럭저럭 괜찮아요]']),
];
const NPS_DETRACTOR = [
  tagged('delivery', 'delivery_delay', ['[배송이 너무 늦어요|배송 지연이 잦아요]', '약속한 날짜에 온 적이 별로 없어요']),
  tagged('complaint', 'slow_response', ['[고객센터 연결이 안 돼요|문의 답변이 너무 느려요]']),
  tagged('complaint', 'price_increase', ['[가격이 너무 올랐어요|멤버십 요금이 비싸요]']),
  tagged('bug', 'app_crash', ['[앱이 자꾸 튕겨요|앱이 너무 느려요]']),
  tagged('bug', 'login', ['로그인이 자주 풀려요']),
  tagged('complaint', 'product_quality', ['상품 품질이 [별로예요|들쭉날쭉해요]']),
  tagged('cancellation', 'refund', ['환불이 너무 오래 걸려요']),
];
const NPS_EN = {
  promoter: tagged('praise', 'overall', ['Fast delivery and good prices.']),
  detractor: tagged('delivery', 'delivery_delay', ['Deliveries are often late.']),
};

/** An NPS survey comment for a 0–10 score. */
export function surveyComment(score: number, c: TextContext, english: boolean): { text: string; truth: Truth } {
  let t: TruthTemplate;
  if (english) t = score >= 7 ? NPS_EN.promoter : NPS_EN.detractor;
  else if (score >= 9) t = NPS_PROMOTER;
  else if (score >= 7) t = pick(c.rng, NPS_PASSIVE);
  else t = pick(c.rng, NPS_DETRACTOR);
  return { text: addNoise(t.render(c), 0.25, c.rng), truth: t.truth };
}

// ---- personal data the redactor has to find ---------------------------------------------------

const PII_LINES = {
  contact: all(['연락은 {phone:으로} 주세요', '제 번호 {phone}입니다', '[급해서요|전화 주세요] {phone}', '회신은 메일 {email} 으로 부탁드려요', '연락처 {phone} / 메일 {email}']),
  refund: all(['환불은 {bank} 계좌 {acct} 로 부탁드립니다', '환불 계좌: {bank} {acct}', '계좌 {acct} ({bank}) 로 환불해주세요']),
  memo: all(['회신 번호 {phone}', '콜백 요청 {phone}', '고객 연락처 {phone} (본인 확인 완료)']),
};

/** A sentence with a phone number, email or bank account, as customers volunteer them. */
export function piiSentence(c: TextContext, kind: 'contact' | 'refund' | 'memo'): string {
  return PII_LINES[kind](c);
}

/** Prefixes of a re-ask on another channel, by the channel the customer tried first. */
export const REASK_PREFIXES: Record<'chat' | 'board' | 'email' | 'phone', R> = {
  chat: all(['아까 채팅으로 문의했는데 답이 없어서 다시 남겨요.', '채팅 상담이 끊겨서 다시 문의드려요.', '채팅으로도 물어봤는데요,']),
  board: all(['게시판에 글 남겼는데 답이 없어서요.', '1:1 문의 남겼는데 확인이 안 돼서 다시 드려요.']),
  email: all(['메일로도 보냈는데요,', '메일 보냈는데 회신이 없어서 다시 문의합니다.']),
  phone: all(['아까 전화로 말씀드렸는데요,', '[오전에|아까] 전화드렸던 사람인데요,', '전화 연결이 안 돼서 여기 남겨요.']),
};
