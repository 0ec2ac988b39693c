import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lexiconScore, loadSentimentAnalyzer, SENTIMENT_LABELS, SentimentAnalyzer, withoutCourtesy } from './sentiment.js';

const readJsonl = (path: string) =>
  readFileSync(new URL(path, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: string });

describe('sentiment', () => {
  let analyzer: SentimentAnalyzer;
  beforeAll(async () => {
    analyzer = await loadSentimentAnalyzer();
  });

  it.each([
    ['최고예요 정말 만족합니다', 'positive'],
    ['안 좋아요', 'negative'],
    ['좋지 않아요', 'negative'],
    ['별로예요', 'negative'],
    ['나쁘지 않네요 만족해요', 'positive'],
    ['배송이 너무 늦어요 짜증나네요', 'negative'],
    ['제품은 좋은데 배송이 너무 느려요', 'negative'],
    ['배송은 좀 늦었지만 제품은 정말 마음에 들어요', 'positive'],
    ['배송지 변경 가능할까요? 확인 부탁드립니다. 감사합니다.', 'neutral'],
    ['비밀번호 변경은 어디에서 하나요?', 'neutral'],
    ['Not good at all.', 'negative'],
    ['The agent was very helpful, thanks!', 'positive'],
    ['How do I change my delivery address?', 'neutral'],
    // Problem reports without emotive words, and a wish, which is not praise.
    ['Notifications stopped working since yesterday.', 'negative'],
    ['The package never arrived.', 'negative'],
    ['My card keeps getting declined at checkout', 'negative'],
    ['검색 필터 저장 기능 있으면 좋겠어요', 'neutral'],
  ])('%s → %s', (text, label) => {
    expect(analyzer.analyze(text).label).toBe(label);
  });

  it('negation flips, intensifiers strengthen, diminishers soften', () => {
    expect(lexiconScore('좋아요').sum).toBeGreaterThan(0);
    expect(lexiconScore('안 좋아요').sum).toBeLessThan(0);
    expect(lexiconScore('안좋아요').sum).toBeLessThan(0);
    expect(lexiconScore('좋지 않아요').sum).toBeLessThan(0);
    expect(lexiconScore('정말 좋아요').sum).toBeGreaterThan(lexiconScore('좋아요').sum);
    expect(lexiconScore('조금 불편해요').sum).toBeGreaterThan(lexiconScore('불편해요').sum);
    // A negated negative is only mildly positive.
    expect(lexiconScore('나쁘지 않아요').sum).toBeGreaterThan(0);
    expect(lexiconScore('나쁘지 않아요').sum).toBeLessThan(lexiconScore('좋아요').sum);
    expect(lexiconScore("I don't like it").sum).toBeLessThan(0);
  });

  it('reads words that are also names of Object.prototype properties as plain words', () => {
    // "constructor" used to find Object itself in the word lists and turn the score into NaN.
    for (const text of ['The constructor was great', 'constructor good', '배송 constructor 좋아요']) {
      const r = analyzer.analyze(text);
      expect(Number.isFinite(r.score)).toBe(true);
      expect(r.label).toBe('positive');
    }
    expect(lexiconScore('constructor')).toEqual({ sum: 0, hits: 0, negations: 0 });
  });

  it('treats sentences of pure courtesy as no opinion', () => {
    expect(withoutCourtesy('주문번호 확인 부탁드립니다. 감사합니다.')).toBe('주문번호 확인 부탁드립니다.');
    expect(withoutCourtesy('친절하게 해결해 주셔서 감사합니다')).toBe('친절하게 해결해 주셔서 감사합니다');
  });

  it('scores stay in [-1, 1] and agree in sign with the label', () => {
    for (const text of ['최악', '최고', '배송 언제 와요', '정말 정말 정말 최악 최악 최악이에요 짜증 화남 실망']) {
      const r = analyzer.analyze(text);
      expect(Math.abs(r.score)).toBeLessThanOrEqual(1);
      if (r.label === 'positive') expect(r.score).toBeGreaterThan(0);
      if (r.label === 'negative') expect(r.score).toBeLessThan(0);
    }
  });

  it('reads hand-written customer-service messages (development set) well, and far above chance on the separately written set', () => {
    // The holdout set was written by someone who never saw the lexicon or the model.
    for (const [file, floor] of [['../../test/fixtures/text/ko-cx-sentiment.jsonl', 0.85], ['../../test/fixtures/text/ko-cx-sentiment-holdout.jsonl', 0.7]] as const) {
      const rows = readJsonl(file);
      const correct = rows.filter((r) => analyzer.analyze(r.text).label === r.label).length;
      expect(correct / rows.length).toBeGreaterThanOrEqual(floor);
    }
  });

  // Each rule with sentences of our own, and near-misses that must not change.
  describe.each([
    [
      'a customer-service rule outweighs the review model',
      [
        ['이 문제로 벌써 네 번째 연락드리는 거예요', 'negative'],
        ['상담원이랑 통화만 세 번째 같은 설명 하고 있어요', 'negative'],
        ['두 번째 주문인데 이번에도 만족해요', 'positive'],
      ],
    ],
    [
      'a how-to question without "?" is neutral',
      [
        ['배송지 변경은 어디서 해야 돼요', 'neutral'],
        ['영수증 재발급 받는 법 좀요', 'neutral'],
        ['포인트 유효기간이 얼마나 되나요', 'neutral'],
        ['결제가 왜 자꾸 안 되는 거예요', 'negative'],
      ],
    ],
    [
      'a negative noun before 없 is a mild positive; an expected thing absent is not',
      [
        ['불편한 점 하나 없이 잘 쓰고 있어요', 'positive'],
        ['파손 없이 깔끔하게 도착했어요', 'positive'],
        ['불만은 전혀 없습니다 계속 이용할게요', 'positive'],
        ['문의 남긴 지 한참인데 답장이 없어요', 'negative'],
        ['어이가 없네요 진짜', 'negative'],
        ['좋은 점이 하나도 없어요', 'negative'],
      ],
    ],
    [
      '안/못 + verb reports a problem, except in a purpose, a condition or a question about a rule',
      [
        ['주문한 책이 아직 안 왔어요', 'negative'],
        ['인증 메일을 못 받았어요', 'negative'],
        ['카드 등록이 안 되네요', 'negative'],
        ['해결이 하나도 안 됐어요', 'negative'],
        ['다음 달부터는 결제 안 되게 해 주세요', 'neutral'],
        ['해지하면 다음 달 요금은 안 나가는 거 맞죠?', 'neutral'],
        ['안녕하세요 배송지 변경하려고 하는데요 방법 알려주세요', 'neutral'],
      ],
    ],
    [
      'routine cancellation requests and wishes carry no opinion',
      [
        ['구독 해지하고 싶습니다', 'neutral'],
        ['회원 탈퇴 어떻게 하나요', 'neutral'],
        ['환불 요청합니다 주문번호 5531', 'neutral'],
        ['알림 시간을 직접 정할 수 있으면 좋겠어요', 'neutral'],
        ['월별 통계를 엑셀로 받을 수 있었으면 해요', 'neutral'],
        ['It would be great if the app remembered my last filter', 'neutral'],
        ['해지했는데 또 결제됐어요 환불해 주세요', 'negative'],
        ['환불이 바로 처리돼서 좋았어요', 'positive'],
      ],
    ],
    [
      'English problem reports without opinion words',
      [
        ["The confirmation code didn't arrive", 'negative'],
        ['Nobody answered my emails for a week', 'negative'],
        ['The buttons are too tiny on my phone', 'negative'],
        ['I was billed two times this month', 'negative'],
        ['The page keeps reloading', 'negative'],
        ['The courier hung up on me', 'negative'],
        ["We're switching to another provider next month", 'negative'],
        ['Still no word on my replacement', 'negative'],
        ["I don't know where the export button is, can you help?", 'neutral'],
        ['Do you not ship on Sundays?', 'neutral'],
        ['Everything arrived, no problems at all', 'positive'],
      ],
    ],
    [
      'praise beside a long wait or an exception is sarcasm',
      [
        ['역시 빠르네요 열흘 만에 연락 주시고', 'negative'],
        ['친절하시네요 2주째 답변 기다리는 중입니다', 'negative'],
        ['포장 빼면 다 최고예요', 'negative'],
        ['Great support, only ten days late', 'negative'],
        ['Thanks for nothing', 'negative'],
        ['하루 만에 도착했어요 최고예요', 'positive'],
        ['한 달째 잘 쓰고 있어요 만족합니다', 'positive'],
        ['Thank you so much for fixing it so quickly', 'positive'],
      ],
    ],
  ] as const)('%s', (_rule, cases) => {
    it.each(cases.map(([text, label]) => [text, label]))('%s → %s', (text, label) => {
      expect(analyzer.analyze(text).label).toBe(label);
    });
  });

  // Generalisation to customer-service text (session 20): each group failed on the code before it.
  describe.each([
    [
      'a short statement about a customer-service subject with nothing evaluative is neutral, whatever the review model reads',
      [
        ['주문한 상품 오늘 도착했습니다', 'neutral'],
        ['카드로 결제 완료했어요', 'neutral'],
        ['앱 업데이트 했어요', 'neutral'],
        // Courtesy alone leaves the model nothing to read (it used to read its own bias: positive).
        ['확인 부탁드립니다', 'neutral'],
        // Opinion the lexicon lacks is still the review model's to read.
        ['꿀잼 인정', 'positive'],
      ],
    ],
    [
      'on a customer-service subject the review model may not outvote the opinion words found',
      [
        ['결제 완료했어요 👍', 'positive'],
        ['설정 메뉴가 어렵네요', 'negative'],
      ],
    ],
    [
      'emoji carry polarity',
      [
        ['택배 잘 받았어요 👍', 'positive'],
        ['Got it 👍', 'positive'],
        ['👍👍', 'positive'],
        ['😡😡', 'negative'],
        ['주문 취소됐네요 😤', 'negative'],
        ['🙏', 'neutral'],
      ],
    ],
    [
      'a positive word that modifies what a question asks for is not praise',
      [
        ['정확한 배송 날짜를 알 수 있을까요?', 'neutral'],
        ['정확히 얼마가 환불되는지 궁금해요', 'neutral'],
        ['빠른 배송 옵션 있나요?', 'neutral'],
        ['정확하게 안내해 주셔서 감사합니다', 'positive'],
      ],
    ],
    [
      'praise opening a message about a failure, a long wait or a repeat is sarcasm',
      [
        ['좋네요 결제만 세 번째 실패했어요', 'negative'],
        ['감사합니다^^ 덕분에 주문이 통째로 날아갔네요', 'negative'],
        ['대단하시네요 한 달째 환불 대기중입니다', 'negative'],
        ['훌륭한 서비스네요 앱이 열리지도 않고', 'negative'],
        ['네 알겠습니다^^ 기다려 달라는 얘기만 다섯 번째 듣고 있어요', 'negative'],
        ['와 정말 빠르네요 2주째 배송 준비중이네요', 'negative'],
        ['Great, another delay. Thanks a lot.', 'negative'],
        ["Perfect. Now I can't log in at all.", 'negative'],
        ['Super helpful, as always. Still no refund.', 'negative'],
        // Near misses: sincere praise, and a review that goes on to praise.
        ['빠른 답변 감사합니다 덕분에 걱정 덜었어요', 'positive'],
        ['재미있네요 별기대없이봤는데 기대이상^^', 'positive'],
        ['Great, the agent fixed it in minutes', 'positive'],
        ['좋네요 다음에도 주문할게요^^', 'positive'],
      ],
    ],
    [
      'English complaints in idiom, and scores out of a maximum',
      [
        ['Four tickets opened and zero answers.', 'negative'],
        ["It's hard to find the cancel button anywhere", 'negative'],
        ['This price hike is a slap in the face', 'negative'],
        ['Honestly this support is a joke', 'negative'],
        ['Is it hard to set up?', 'neutral'],
        ['10점 중에 2점 드립니다', 'negative'],
        ["I'd give it 2 out of 10", 'negative'],
        ['It took four calls to reach someone', 'negative'],
        ['The screen goes black after login', 'negative'],
      ],
    ],
    [
      'a trouble that was resolved is not a complaint',
      [
        ['문제가 금방 해결됐어요 감사합니다', 'positive'],
        ['문제가 해결됐나요?', 'neutral'],
        ['오류가 해결되지 않았어요', 'negative'],
      ],
    ],
  ] as const)('%s', (_rule, cases) => {
    it.each(cases.map(([text, label]) => [text, label]))('%s → %s', (text, label) => {
      expect(analyzer.analyze(text).label).toBe(label);
    });
  });

  it('reads problem reports without the review model: new stems and customer-service rules', () => {
    for (const text of [
      '설정 메뉴가 너무 어려워요',
      'PDF 다운받으면 글자가 다 깨져요',
      '동영상 재생하다가 화면이 멈춰요',
      '로그인 계속 실패합니다',
      '배송 일정이 또 미뤄졌네요',
      '저장해둔 파일이 전부 사라졌어요',
      '게임하는데 렉이 심해요',
      '이건 좀 너무하신 거 아닌가요',
      // An intensifier glued to the word ("개짜증"), a broken screen, a change without notice.
      '알림이 개짜증나게 계속 울려요',
      '접속하면 흰 화면만 나와요',
      '공지도 없이 요금이 올랐네요',
      // Charged after cancelling (the review model used to be what made this negative).
      '해지했는데 또 결제됐어요',
      "The files vanished after the update",
    ])
      expect(lexiconScore(text).sum, text).toBeLessThan(0);
    // "정확히" is "exactly", not praise; "군말 없이" is "without complaint", not "without notice".
    expect(lexiconScore('정확히 말하면 어제 주문했어요').sum).toBe(0);
    expect(lexiconScore('군말 없이 새 제품 보내주셨어요').sum).toBeGreaterThanOrEqual(0);
  });

  it('reads adversarial 100k-character texts in linear time (no regex backtracks over a run it repeats)', () => {
    // Each of these took the old patterns minutes (KO_CHARGED_AFTER_CANCEL on a repeated "해지는데";
    // a run of digits before 점, 번, 만에 or 째 tried from each of its positions): the file's test
    // timeout fails them. Nothing is asserted on time; only that a reading comes back.
    const N = 100_000;
    const fill = (unit: string) => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
    for (const text of [
      fill('해지는데'),
      fill('해지는데 '),
      fill('해지는데는데는데 가나다라마바사아자차 가나다라마바사아자차 '),
      `${'1'.repeat(N)}점`,
      `${'1'.repeat(N)}점 만점에 ${'1'.repeat(N)}x`,
      `${'1'.repeat(N)}번`,
      `또 ${'1'.repeat(N)}번`,
      fill('말만 '),
      `${'1'.repeat(N)}x 만에`,
      `${'1'.repeat(N)}x째 기다리는 중`,
      `took ${'1'.repeat(N)} x`,
    ]) {
      const result = analyzer.analyze(text, 'ko');
      expect(SENTIMENT_LABELS, text.slice(0, 20)).toContain(result.label);
    }
  });

  it('the review model cannot outvote a customer-service rule', () => {
    // Same text, with and without the rule's evidence: the rule moves the score a long way down.
    const plain = analyzer.analyze('같은 내용을 이야기하고 있어요').score;
    const again = analyzer.analyze('같은 내용을 벌써 세 번째 이야기하고 있어요').score;
    expect(again).toBeLessThan(0);
    expect(again).toBeLessThan(plain);
  });

  it('reads crying that is the whole message as distress, not as a review moved to tears', () => {
    // The review model read "ㅠㅠ" alone as 0.98 positive and outvoted the crying rule.
    for (const text of ['ㅠㅠ', 'ㅜㅜ', 'ㅠㅠㅠ', '네 ㅠㅠ', '아직이요 ㅠㅠ', '아직이요ㅠㅠ', '언제요?? ㅠㅠ']) expect(analyzer.analyze(text, 'ko').label, text).toBe('negative');
    // Beside praise, crying is being moved; beside a problem, it still adds to it.
    expect(analyzer.analyze('너무 감동이에요 ㅠㅠ', 'ko').label).toBe('positive');
    expect(analyzer.analyze('친절하게 도와주셔서 감사해요 ㅠㅠ', 'ko').label).toBe('positive');
    expect(analyzer.analyze('배송이 안 와요 ㅠㅠ', 'ko').label).toBe('negative');
  });

  it('without its model (lexicon only) still reads clear opinions', () => {
    const lexiconOnly = new SentimentAnalyzer(null);
    expect(lexiconOnly.analyze('정말 최악이에요').label).toBe('negative');
    expect(lexiconOnly.analyze('친절해서 좋았어요').label).toBe('positive');
    expect(lexiconOnly.analyze('주문 내역은 어디서 보나요').label).toBe('neutral');
  });
});
