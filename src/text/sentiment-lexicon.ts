/**
 * Sentiment words for customer-service text, written for Sori (not copied from a published
 * lexicon). Korean entries are word beginnings (stems): "짜증" matches "짜증나요", "짜증나네".
 * The longest matching entry wins, so "불친절" beats "불", and "재미없" beats "재미".
 * Valence: about ±1 for a plain opinion word, up to ±1.8 for the strongest; 0 marks a word that
 * begins like an opinion word but is none (it shadows the shorter entry).
 * Requests that are routine in customer service — 해지, 탈퇴, 환불, refund, cancel — are not opinion
 * words: "정기결제 해지해 주세요" is a request, and the context ("또 결제됐어요", "아직도 안 들어왔어요")
 * carries the emotion when there is one.
 */
export const KO_LEXICON: Record<string, number> = {
  // positive
  좋: 1, 좋은: 1, 좋았: 1, 좋겠: 0.15, 좋을: 0.3, 최고: 1.5, 만족: 1.2, 감사: 0.5, 고맙: 0.6, 고마: 0.6, 친절: 1.2, 훌륭: 1.3, 추천: 1, 편리: 1, 편하: 0.8, 편해: 0.8, 편했: 0.8,
  빠르: 0.6, 빠른: 0.6, 빨라: 0.6, 빨랐: 0.6, 신속: 0.9, 깔끔: 0.9, 예쁘: 1, 예뻐: 1, 이쁘: 1, 이뻐: 1, 감동: 1.3, 대박: 1, 짱: 1.2, 완벽: 1.3, 유용: 1,
  재밌: 1.1, 재미있: 1.1, 맛있: 1.1, 행복: 1.2, 기쁘: 1.1, 기뻐: 1.1, 든든: 0.9, 해결: 0.6, 도움: 0.8, 칭찬: 1, 믿음: 0.8, 멋지: 1.1, 멋있: 1.1, 멋져: 1.1,
  사랑: 1.2, 베스트: 1, 굿: 1, 혜자: 1, 꼼꼼: 0.9, 정확: 0.7, 대단: 1, 저렴: 0.7, 착하: 0.6, 상냥: 1.1, 세심: 1, 수월: 0.8, 원활: 0.7, 괜찮: 0.6, 문제없: 0.6,
  마음에: 0.9, 맘에: 0.9, 흡족: 1.2, 탁월: 1.3, 우수: 1.1, 쾌적: 1, 다행: 0.7, 안심: 0.7, 즐거: 1, 즐겁: 1, 재미: 0.8,
  // negative
  나쁘: -1.2, 나쁜: -1.2, 나빠: -1.2, 나빴: -1.2, 최악: -1.8, 별로: -1, 불편: -1.1, 불만: -1.2, 짜증: -1.5, 화나: -1.5, 화가: -1.5, 화납: -1.5, 실망: -1.4,
  불친절: -1.6, 느리: -0.9, 느린: -0.9, 느려: -0.9, 늦: -0.8, 지연: -0.8, 오류: -0.7, 에러: -0.7, 버그: -0.7, 고장: -1, 불량: -1.2, 파손: -1.1, 튕: -1,
  먹통: -1.2, 사기: -1.8, 어이없: -1.6, 어이가: -1.6, 황당: -1.4, 답답: -1.3, 힘들: -1, 힘드: -1, 아쉽: -0.8, 아쉬: -0.8, 아깝: -1.2, 아까: -0.4,
  후회: -1.3, 쓰레기: -1.8, 엉망: -1.5, 형편없: -1.7, 재미없: -1.3, 노잼: -1.3, 맛없: -1.2, 지루: -1.1, 싫: -1.2, 귀찮: -0.9, 불안: -0.9, 문제: -0.5,
  안되: -0.8, 안돼: -0.8, 안됨: -0.8, 안됐: -0.8, 미흡: -1, 부족: -0.8, 엉터리: -1.5, 스트레스: -1.2, 거지같: -1.8, 빡치: -1.7, 빡쳐: -1.7, 열받: -1.5,
  구리: -1, 구려: -1, 비싸: -0.6, 비쌉: -0.6, 불쾌: -1.4, 무시: -1.1, 무성의: -1.4, 성의없: -1.4, 아직도: -0.7, 도대체: -0.8, 대체: -0.3,
  피곤: -0.8, 손해: -1, 불합리: -1.3, 황당하: -1.4, 억울: -1.3, 분노: -1.6, 개판: -1.7, 헛: -0.5, 최저: -1.2, 망했: -1.4, 망함: -1.4, 망하: -1.2,
  끔찍: -1.6, 불쌍: -0.6, 슬프: -1, 슬퍼: -1, 우울: -1, 속상: -1.2, 무섭: -0.8, 위험: -0.8, 번거: -0.9, 복잡: -0.7, 헷갈: -0.6, 오래: -0.3, 누락: -0.8,
  잘못: -0.9, 틀렸: -0.8, 틀린: -0.8, 중복: -0.4, 이중: -0.3, 사과: -0.2, 항의: -1.2, 신고: -0.8,
  // 0: not an opinion word, and shadows the shorter entry ("정확히 언제 오나요": "exactly", not praise).
  정확히: 0,
  // A thing that stopped, broke, failed, vanished or slipped: a problem report needs no emotion word.
  어렵: -0.9, 어려워: -0.9, 어려웠: -0.9, 어려움: -0.8, 어려운: -0.8, 깨져: -1, 깨지: -1, 깨졌: -1, 깨짐: -1, 깨진: -1, 멈춰: -1, 멈추: -1, 멈췄: -1,
  멈춤: -1, 실패: -1, 미뤄: -0.8, 미루: -0.8, 미뤘: -0.8, 너무하: -1.2, 너무해: -1.2, 너무했: -1.2, 사라졌: -0.9, 사라지: -0.9, 사라져: -0.9, 사라짐: -0.9,
  렉: -1, 랙걸: -1, 버벅: -1, 끊겨: -0.9, 끊기: -0.9, 끊겼: -0.9, 끊김: -0.9, 꺼져: -0.8, 꺼지: -0.8, 꺼졌: -0.8, 꺼짐: -0.8, 날아갔: -1, 날라갔: -1,
  분실: -0.8, 소멸: -0.4, 환장: -1.5, 노답: -1.5, 엉뚱: -0.8, 얄팍: -1.1, 느림: -0.9, 무거워: -0.5, 무겁: -0.5,
  // Ease and speed said plainly ("쉬워요", "간편해요", "배송 빠름"; not the adverb "쉽게").
  쉬워: 0.8, 쉬웠: 0.8, 쉽고: 0.8, 쉽네: 0.8, 쉽다: 0.8, 쉽습: 0.8, 간편: 0.9, 빠름: 0.6,
  // "자꾸" (again and again, annoyingly) is an adverb of unwanted repetition: "자꾸 멈춰요", "자꾸 튕겨요".
  자꾸: -0.5,
  // Review shorthand, and the Korean prefixes 미- ("not yet": 미배송, 미처리) and 오- ("wrongly": 오배송).
  대만족: 1.5, 강추: 1.3, 비추: -1.3, 극혐: -1.8, 걱정: -0.6,
  미배송: -0.9, 미발송: -0.9, 미처리: -0.9, 미지급: -0.9, 미입금: -0.9, 미수령: -0.9, 미적립: -0.9, 미반영: -0.9, 미환불: -0.9, 미도착: -0.9, 미출고: -0.9,
  오배송: -1, 오발송: -1, 오출고: -1, 오배달: -1, 오기재: -0.8, 오작동: -1, 오청구: -1,
};

/** English sentiment words (whole words, also with -s/-ed/-ing/-ly). */
export const EN_LEXICON: Record<string, number> = {
  good: 1, great: 1.4, excellent: 1.6, amazing: 1.6, awesome: 1.5, love: 1.4, loved: 1.4, like: 0.6, happy: 1.2, satisfied: 1.2, thank: 0.5, thanks: 0.5,
  helpful: 1.1, fast: 0.6, quick: 0.6, quickly: 0.6, easy: 0.8, perfect: 1.5, nice: 1, best: 1.3, recommend: 1, smooth: 0.8, friendly: 1, resolved: 0.6,
  fixed: 0.5, works: 0.4, glad: 1, pleased: 1.2, wonderful: 1.5, fantastic: 1.6, appreciate: 0.8, convenient: 0.9, reliable: 0.9, fine: 0.4, cool: 0.8,
  bad: -1.2, terrible: -1.7, awful: -1.7, horrible: -1.7, worst: -1.8, hate: -1.5, slow: -0.9, broken: -1.1, bug: -0.7, error: -0.7, crash: -1, crashes: -1,
  fail: -0.9, fails: -0.9, failed: -0.9, problem: -0.5, issue: -0.4, annoying: -1.3, annoyed: -1.3, frustrated: -1.4, frustrating: -1.4,
  disappointed: -1.4, disappointing: -1.4, angry: -1.5, useless: -1.5, poor: -1.1, rude: -1.5, scam: -1.8, ridiculous: -1.4, unacceptable: -1.6,
  wrong: -0.8, missing: -0.6, waiting: -0.3, expensive: -0.6, complicated: -0.8, confusing: -0.9, stuck: -0.8, lost: -0.6, worse: -1.3,
  upset: -1.3, unhappy: -1.3, sucks: -1.5, garbage: -1.7, delay: -0.8, delayed: -0.8, late: -0.7, charged: -0.3, twice: -0.3, unable: -0.6, cannot: -0.4,
  mess: -1.2, nightmare: -1.7, waste: -1.3, incompetent: -1.6, unhelpful: -1.4, ignored: -1.2, never: -0.3, still: -0.2,
  // Problem reports carry little emotion: a thing that stopped, froze or never came is still a bad day.
  work: 0.4, working: 0.4, arrived: 0.4, received: 0.3, stopped: -0.9, declined: -1, freeze: -1, freezes: -1, frozen: -1,
  glitch: -1, glitchy: -1.1, lag: -0.7, laggy: -1, overcharged: -1.4, unresponsive: -1.1, blank: -0.5, outage: -1.2,
  locked: -0.6, hacked: -1.5, damaged: -1.2, defective: -1.3, faulty: -1.2, wrongly: -0.8,
  difficult: -0.8, lose: -0.6, disappeared: -0.9, vanished: -0.9, froze: -1, wiped: -1, deleted: -0.4, erased: -0.6,
  empty: -0.5, break: -0.9, breaks: -0.9, broke: -0.9, cracked: -1, better: 0.8, unusable: -1.5, impossible: -0.9, disconnected: -0.6,
};

/** Words that strengthen (or soften) the next sentiment word. */
export const INTENSIFIERS: Record<string, number> = {
  너무: 1.5, 정말: 1.5, 진짜: 1.5, 완전: 1.6, 엄청: 1.6, 매우: 1.5, 아주: 1.5, 넘: 1.4, 무척: 1.5, 되게: 1.4, 겁나: 1.6, 몹시: 1.5, 참: 1.3, 굉장히: 1.6,
  제일: 1.4, 가장: 1.4, 진심: 1.5, 개: 1.6, 존나: 1.8, 졸라: 1.7, 핵: 1.6, 레알: 1.4, 대단히: 1.5, 상당히: 1.3, 꽤: 1.2,
  very: 1.5, so: 1.4, really: 1.5, extremely: 1.8, super: 1.6, totally: 1.5, absolutely: 1.6, incredibly: 1.7, too: 1.3, quite: 1.2,
  좀: 0.6, 조금: 0.6, 약간: 0.5, 살짝: 0.5, 다소: 0.6, 그닥: 0.6, slightly: 0.5, somewhat: 0.6, bit: 0.6, kinda: 0.6,
};

/** Words after which the clause weighs more ("…but the delivery was slow"). */
export const CONTRASTS = new Set(['근데', '그런데', '하지만', '그러나', '그렇지만', '다만', '그래도', '반면', 'but', 'however', 'though', 'although', 'yet']);
