import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { createTopic, listTopics } from '../store/queries/topics.js';
import { ensureWorkspace } from '../store/queries/workspaces.js';
import { compileTopicRules, matchTopicRule, ruleProblem } from '../text/topic-rules.js';
import { applyTopicTemplate, countTemplateTopicsPresent, FALLBACK_POSITION } from './apply-topic-template.js';
import { findTopicTemplate, templateTopicCount, TOPIC_TEMPLATES } from './topic-templates.js';

describe('topic templates', () => {
  it('have unique ids, names in both languages, and every rule passes the check topics are saved with', () => {
    expect(new Set(TOPIC_TEMPLATES.map((t) => t.id)).size).toBe(TOPIC_TEMPLATES.length);
    expect(TOPIC_TEMPLATES.map((t) => t.id)).toEqual(expect.arrayContaining(['commerce', 'subscription', 'fintech']));
    for (const template of TOPIC_TEMPLATES) {
      expect(template.id).toMatch(/^[a-z][a-z0-9_-]*$/);
      for (const text of [template.nameKo, template.nameEn, template.descriptionKo, template.descriptionEn]) expect(text.trim()).not.toBe('');
      const parentNames = template.topics.flatMap((p) => [p.nameKo.toLowerCase(), p.nameEn.toLowerCase()]);
      expect(new Set(parentNames).size, `${template.id}: parent names are unique`).toBe(parentNames.length);
      for (const parent of template.topics) {
        expect(parent.children.length).toBeGreaterThan(0);
        const names = parent.children.flatMap((c) => [c.nameKo.toLowerCase(), c.nameEn.toLowerCase()]);
        expect(new Set(names).size, `${template.id}/${parent.nameEn}: child names are unique`).toBe(names.length);
        for (const child of parent.children) {
          expect(child.rules.length, `${child.nameEn} has rules`).toBeGreaterThan(0);
          // Korean and English alike.
          expect(child.rules.some((r) => /[가-힣]/.test(r.pattern)), `${template.id}/${child.nameEn}: a Korean rule`).toBe(true);
          expect(child.rules.some((r) => /[a-z]/i.test(r.pattern)), `${template.id}/${child.nameEn}: an English rule`).toBe(true);
          for (const rule of child.rules) {
            expect(ruleProblem(rule), `${template.id}/${child.nameEn}: ${rule.kind} ${rule.pattern}`).toBeNull();
            expect(rule.pattern, 'no spaces around a keyword').toBe(rule.pattern.trim());
          }
        }
      }
    }
  });
});

describe(`applying a topic template (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
  });
  afterAll(() => close());

  /** The topic (as "parent / child") the workspace's rules give a text, or null. */
  async function labeller(workspaceId: number) {
    const topics = await listTopics(db, workspaceId);
    const rules = compileTopicRules(topics);
    const byId = new Map(topics.map((t) => [t.id, t]));
    return (text: string) => {
      const rule = matchTopicRule(rules, text);
      if (!rule) return null;
      const topic = byId.get(rule.topicId)!;
      return `${byId.get(topic.parent_id!)?.name} / ${topic.name}`;
    };
  }

  it('creates the whole tree with its rules, once: a second apply creates nothing', async () => {
    const ws = await ensureWorkspace(db, { slug: 'tpl-fresh', name: '템플릿' });
    const template = findTopicTemplate('commerce')!;
    const first = await applyTopicTemplate(db, ws.id, template, 'ko');
    expect(first.created).toHaveLength(templateTopicCount(template));
    expect(first.skipped).toBe(0);
    const topics = await listTopics(db, ws.id);
    expect(topics.filter((t) => t.parent_id === null).map((t) => t.name)).toEqual(template.topics.map((p) => p.nameKo));
    const refunds = topics.find((t) => t.name === '환불')!;
    expect(refunds.rules).toEqual(expect.arrayContaining([{ kind: 'keyword', pattern: '환불' }, { kind: 'keyword', pattern: 'refund' }]));
    expect(topics.find((t) => t.id === refunds.parent_id)?.name).toBe('취소·환불·반품');
    // A fallback (general wording) is placed after every specific topic, whatever its parent.
    expect(topics.find((t) => t.name === '화면·기능 오류')!.position).toBeGreaterThanOrEqual(FALLBACK_POSITION);
    expect(countTemplateTopicsPresent(template, topics)).toBe(templateTopicCount(template));

    const second = await applyTopicTemplate(db, ws.id, template, 'ko');
    expect(second).toEqual({ created: [], skipped: templateTopicCount(template) });
    // In the other language it finds them by their English names: still nothing new.
    expect((await applyTopicTemplate(db, ws.id, template, 'en')).created).toEqual([]);
    expect(await listTopics(db, ws.id)).toHaveLength(topics.length);
  });

  it('tries a named thing (쿠폰, 적립금) before a general failure (결제 오류), whatever the tree’s order; the tree shows each parent’s children in the template’s order', async () => {
    const ws = await ensureWorkspace(db, { slug: 'tpl-first', name: '쿠폰 먼저' });
    await createTopic(db, ws.id, { name: '운영자 토픽', rules: [{ kind: 'keyword', pattern: '운영자' }], position: 0 });
    const template = findTopicTemplate('commerce')!;
    await applyTopicTemplate(db, ws.id, template, 'ko');
    const topics = await listTopics(db, ws.id);
    const position = (name: string) => topics.find((t) => t.name === name)!.position;
    expect(position('쿠폰')).toBeLessThan(position('이중 결제'));
    expect(position('적립금·포인트')).toBeLessThan(position('결제 오류'));
    for (const parent of template.topics) {
      const id = topics.find((t) => t.parent_id === null && t.name === parent.nameKo)!.id;
      const children = topics.filter((t) => t.parent_id === id).sort((a, b) => a.position - b.position);
      expect(children.map((t) => t.name), parent.nameKo).toEqual(parent.children.map((c) => c.nameKo));
    }
    const topicOf = await labeller(ws.id);
    expect(topicOf('쿠폰 적용이 안돼요 결제 페이지에서 계속 오류')).toBe('혜택·쿠폰 / 쿠폰');
    expect(topicOf('적립금으로 결제가 안 돼요')).toBe('혜택·쿠폰 / 적립금·포인트');
    expect(topicOf('결제 페이지에서 계속 오류가 나요')).toBe('결제 / 결제 오류');
  });

  it('keeps an operator’s own topics: a parent of the same name (any case) gets only the children it lacks', async () => {
    const ws = await ensureWorkspace(db, { slug: 'tpl-own', name: '운영자 토픽' });
    const own = await createTopic(db, ws.id, { name: 'delivery', position: 0 });
    const late = await createTopic(db, ws.id, { name: 'Late Delivery', parentId: own.id, rules: [{ kind: 'keyword', pattern: '택배 늦음' }], position: 0 });
    const template = findTopicTemplate('commerce')!;
    const delivery = template.topics.find((p) => p.nameEn === 'Delivery')!;
    expect(countTemplateTopicsPresent(template, await listTopics(db, ws.id))).toBe(2);

    const { created, skipped } = await applyTopicTemplate(db, ws.id, template, 'en');
    expect(skipped).toBe(2);
    expect(created).toHaveLength(templateTopicCount(template) - 2);
    const topics = await listTopics(db, ws.id);
    // The operator's parent and child are kept as they were, rules too; nothing is doubled.
    expect(topics.filter((t) => t.parent_id === null && t.name.toLowerCase() === 'delivery')).toEqual([own]);
    expect(topics.find((t) => t.id === late.id)).toEqual(late);
    const under = topics.filter((t) => t.parent_id === own.id);
    expect(under.map((t) => t.name).sort()).toEqual(delivery.children.map((c) => c.nameEn).map((n) => (n === 'Late delivery' ? 'Late Delivery' : n)).sort());
    // Created in English; the new children come after the operator's own.
    expect(under.filter((t) => t.id !== late.id).every((t) => t.position > late.position)).toBe(true);
    expect(topics.some((t) => t.name === 'Refund')).toBe(true);
  });

  it('takes turns when applied twice at once: the second finds the first’s topics and creates nothing', async () => {
    const ws = await ensureWorkspace(db, { slug: 'tpl-twice', name: '동시 적용' });
    const template = findTopicTemplate('fintech')!;
    const results = await Promise.all([applyTopicTemplate(db, ws.id, template, 'ko'), applyTopicTemplate(db, ws.id, template, 'en')]);
    expect(results.map((r) => r.created.length).sort((a, b) => a - b)).toEqual([0, templateTopicCount(template)]);
    expect(await listTopics(db, ws.id)).toHaveLength(templateTopicCount(template));
  });

  it('creates all or nothing: a failure half-way leaves no topic behind', async () => {
    const ws = await ensureWorkspace(db, { slug: 'tpl-atomic', name: '원자성' });
    const template = findTopicTemplate('subscription')!;
    const broken = {
      ...template,
      topics: [...template.topics, { nameKo: '깨진 토픽', nameEn: 'Broken', children: [{ nameKo: '잘못된 규칙', nameEn: 'Bad rule', rules: [{ kind: 'regex' as const, pattern: '(a' }] }] }],
    };
    await expect(applyTopicTemplate(db, ws.id, broken, 'ko')).rejects.toThrow(/잘못된 정규식|invalid regular expression/);
    // Refused before anything was written; and a failure inside the transaction rolls back what it made.
    const clash = { ...template, topics: [...template.topics, template.topics[0]!] };
    await expect(applyTopicTemplate(db, ws.id, clash, 'ko')).rejects.toThrow();
    expect(await listTopics(db, ws.id)).toEqual([]);
  });

  // Fresh sentences as customers write them, not the rules' own words: each should land on its topic.
  const SAMPLES: Record<string, [text: string, topic: string | null][]> = {
    commerce: [
      ['어제부터 로그인이 계속 안 되네요 ㅠㅠ 아이디는 맞게 넣었어요', '계정·로그인 / 로그인'],
      ['비번을 까먹었는데 재설정 메일이 안 와요', '계정·로그인 / 비밀번호'],
      ['제 계정으로 누가 주문을 넣었어요. 해킹당한 것 같아요', '계정·로그인 / 계정 도용'],
      ['회원 탈퇴는 어디서 하나요?', '계정·로그인 / 회원 탈퇴'],
      ['카드에서 같은 금액이 두 번 빠져나갔어요 확인 부탁드려요', '결제 / 이중 결제'],
      ['결제하기 누르면 계속 결제 실패라고만 떠요', '결제 / 결제 오류'],
      ['회사 경비 처리용으로 현금영수증 발급 가능할까요', '결제 / 영수증·증빙'],
      ['지난주 월요일에 시켰는데 택배가 아직도 안 와요', '배송 / 배송 지연'],
      ['배송완료라고 뜨는데 집 앞에 아무것도 없어요', '배송 / 배송완료 미수령'],
      ['주문한 거랑 완전 다른 색상이 잘못 왔어요', '배송 / 오배송·누락'],
      ['박스가 찌그러져서 안에 그릇이 다 금 갔어요', '배송 / 파손'],
      ['이사를 가서 배송지를 회사로 바꾸고 싶어요', '배송 / 배송지 변경'],
      ['방금 넣은 주문 취소해 주세요 실수로 눌렀어요', '취소·환불·반품 / 주문 취소'],
      ['반품 보낸 지 2주가 지났는데 환불이 안 들어왔어요', '취소·환불·반품 / 환불'],
      ['바지가 작아서 한 치수 큰 걸로 교환 되나요', '취소·환불·반품 / 교환'],
      ['마음에 안 들어서 반품하려고 하는데 택배 기사님이 언제 오시나요', '취소·환불·반품 / 반품'],
      ['두 번 입었는데 실밥이 다 터지고 불량이에요', '상품 / 품질·불량'],
      ['품절된 운동화 다시 들어오나요?', '상품 / 재고·재입고'],
      ['상품 상세 페이지 들어가면 앱이 튕겨요', '앱·사이트 오류 / 앱 튕김·멈춤'],
      ['할인 쿠폰이 결제 화면에서 적용이 안 돼요', '혜택·쿠폰 / 쿠폰'],
      ['구매확정 했는데 적립금이 안 들어왔어요', '혜택·쿠폰 / 적립금·포인트'],
      ['상담사분이 너무 불친절하셨어요. 말을 끊고 끊어버리시네요', '상담·서비스 / 상담 불만'],
      ['항상 친절하게 안내해 주셔서 감사합니다', '상담·서비스 / 칭찬'],
      // Not a topic of the tree, and not mistaken for one: a greeting, a thank-you, a bare order number.
      ['안녕하세요 문의드립니다. 감사합니다', null],
      ['주문번호 SM20261102-112233 확인 부탁드려요', null],
      ["Hi, I can't log in since yesterday, it says my session expired", '계정·로그인 / 로그인'],
      ['Where is my order? It has been ten days.', '배송 / 배송 지연'],
      ['The tracking page says delivered but I never received my package', '배송 / 배송완료 미수령'],
      ['I would like a refund for the blender, it is not what I expected', '취소·환불·반품 / 환불'],
      ['You charged me twice for the same order!', '결제 / 이중 결제'],
      ['My payment keeps getting declined at checkout', '결제 / 결제 오류'],
      ['Please cancel my order, I bought the wrong one', '취소·환불·반품 / 주문 취소'],
      ['The box arrived damaged and the mug inside is cracked', '배송 / 파손'],
      ['My discount code is not accepted', '혜택·쿠폰 / 쿠폰'],
      ['The app crashes when I open my cart', '앱·사이트 오류 / 앱 튕김·멈춤'],
      ['I have been waiting three days for an answer from your team', '상담·서비스 / 상담 연결·대기'],
      ['Thanks, have a nice day', null],
    ],
    subscription: [
      ['해지 신청했는데 이번 달 구독료가 또 빠져나갔어요', '해지·환불 / 해지 후 결제'],
      ['다음 달부터 구독 해지하고 싶어요', '해지·환불 / 해지·구독 취소'],
      ['프로 요금제에서 베이직으로 내리면 차액은 어떻게 되나요', '결제·청구 / 요금제·플랜'],
      ['팀원을 초대했는데 메일이 안 간대요', '계정 / 팀·권한'],
      ['노션이랑 연동되는 기능 있나요?', '기능 요청 / 연동·내보내기'],
      ['캘린더에 반복 일정 기능 추가해 주세요', '기능 요청 / 새 기능 제안'],
      ['어제 쓴 메모가 다 날아갔어요 동기화가 안 된 것 같아요', '오류·버그 / 동기화·데이터 유실'],
      ['대시보드 들어가면 오류가 나요', '오류·버그 / 기타 오류'],
      ['요즘 앱이 너무 느려서 쓰기가 힘들어요', '성능 / 느림·로딩'],
      ['지금 서비스 장애 발생한 건가요? 접속이 안 돼요', '성능 / 접속 장애'],
      ['보고서를 PDF로 저장하는 방법 알려 주세요', '사용 방법 / 이용 방법 문의'],
      ['I was charged after I cancelled my subscription. Still charged this month!', '해지·환불 / 해지 후 결제'],
      ['How do I cancel my subscription?', '해지·환불 / 해지·구독 취소'],
      ['Can you add a dark mode? Would be nice for night use', '기능 요청 / 새 기능 제안'],
      ['My workspace is not syncing between my phone and laptop', '오류·버그 / 동기화·데이터 유실'],
      ['The site is down again, getting 503s', '성능 / 접속 장애'],
      ['How can I export my notes to PDF?', '기능 요청 / 연동·내보내기'],
      ['I want to upgrade to the Pro plan', '결제·청구 / 요금제·플랜'],
      ['Need an invoice with our VAT number', '결제·청구 / 영수증·세금계산서'],
    ],
    fintech: [
      ['친구한테 보낸 돈이 아직 입금이 안 됐대요', '송금·이체 / 송금 지연·실패'],
      ['계좌번호 한 자리를 잘못 눌러서 모르는 사람한테 보냈어요', '송금·이체 / 잘못 보낸 송금'],
      ['지갑을 잃어버렸어요 카드 정지해 주세요', '카드 / 분실·정지'],
      ['해외 결제할 때 환율이 왜 이렇게 높게 적용되나요', '수수료·환전 / 환전·해외 결제'],
      ['이체할 때마다 수수료가 붙는 이유가 뭔가요', '수수료·환전 / 수수료'],
      ['보이스피싱 당한 것 같아요 제가 안 한 거래가 있어요', '인증·보안 / 사기·부정 거래'],
      ['신분증 촬영이 계속 실패해서 본인 확인을 못 하고 있어요', '인증·보안 / 본인인증'],
      ['My transfer is still pending after two days', '송금·이체 / 송금 지연·실패'],
      ['I sent money to the wrong account, can you reverse it?', '송금·이체 / 잘못 보낸 송금'],
      ['Why is the exchange rate so bad for USD?', '수수료·환전 / 환전·해외 결제'],
      ['I lost my card on the subway, please freeze it', '카드 / 분실·정지'],
    ],
  };

  for (const [id, samples] of Object.entries(SAMPLES)) {
    it(`files Korean and English inquiries under the expected topics: ${id}`, async () => {
      const ws = await ensureWorkspace(db, { slug: `tpl-label-${id}`, name: id });
      await applyTopicTemplate(db, ws.id, findTopicTemplate(id)!, 'ko');
      const topicOf = await labeller(ws.id);
      expect(samples.map(([text]) => [text, topicOf(text)])).toEqual(samples);
    });
  }
});
