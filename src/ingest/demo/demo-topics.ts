import type { Db } from '../../store/db.js';
import { createTopic, listTopics } from '../../store/queries/topics.js';
import type { TopicRule } from '../../text/topic-rules.js';

const kw = (...patterns: string[]): TopicRule[] => patterns.map((pattern) => ({ kind: 'keyword', pattern }));
const re = (pattern: string): TopicRule => ({ kind: 'regex', pattern });

/**
 * The demo shop's own topic tree, as its CX team would keep it: two levels, keyword and regex
 * rules. Rules catch most inquiries, not all (typos, new problems): the rest is for the topic
 * model and topic discovery, as in a real workspace.
 * Each topic's English rules come after its Korean ones and match how the demo's English
 * inquiries (foreign residents, ~3 %: topics.ts `en`, texts.ts app reviews and NPS) put it. An
 * English keyword matches whole words only, so none of them finds anything in a Korean text:
 * what Korean items get is unchanged. Topics the shop keeps no topic for in Korean (a blank
 * screen, dark mode, search, plans) get none in English either.
 */
export const DEMO_TOPICS: readonly { name: string; children: readonly { name: string; rules: TopicRule[] }[] }[] = [
  {
    name: '계정·로그인',
    children: [
      { name: '로그인 오류', rules: [...kw('로그인', '로긴'), re('접속(이|이 계속)? ?안'), ...kw('log in', 'logged in', 'sign in')] },
      { name: '비밀번호 재설정', rules: kw('비밀번호', '비번', 'password') },
      { name: '회원 탈퇴', rules: kw('탈퇴', 'delete my account') },
      { name: '계정 도용 의심', rules: [...kw('도용', '해킹', '누가 제 계정', '제가 안 한 주문'), re('모르는 (기기|로그인|결제)'), ...kw('someone placed an order', 'hacked')] },
    ],
  },
  {
    name: '결제',
    children: [
      { name: '이중 결제', rules: [...kw('이중 결제', '중복 결제'), re('두 ?번 (결제|빠져|청구)'), ...kw('charged twice')] },
      { name: '결제 오류', rules: [...kw('결제 오류', '결제 실패', '승인 거절', '한도 초과'), re('결제(가|는)? (안|안 돼|진행이 안)|결제 누르면|주문 내역(에는|이)? 없'), ...kw('payment keeps failing', 'payment failed')] },
      { name: '결제수단 변경', rules: kw('결제수단', '카드 변경', '카드를 바꾸') },
      { name: '영수증·증빙', rules: kw('영수증', '세금계산서', '매출전표', 'receipt', 'invoice') },
    ],
  },
  {
    name: '배송',
    children: [
      { name: '배송 지연', rules: [...kw('배송 지연', '배송이 늦', '언제 와', '아직 안 왔', '아직 안 와', '예정일이', '배송 언제', '배송조회', '배송 조회'), re('(도착|배송)(이|을)? ?안 (와|됐|돼)|배송이 \\d+일째'), ...kw('not arrived', 'be shipped', 'deliveries are often late')] },
      { name: '배송완료 미수령', rules: [...kw('배송완료', '배송 완료', '분실', 'says delivered', 'never got the package')] },
      { name: '오배송·누락', rules: [...kw('오배송', '누락', '잘못 왔', '다른 상품이'), re('(하나|한 개)가? 빠져'), ...kw('wrong item', 'not what i ordered')] },
      { name: '파손', rules: kw('파손', '깨져', '찌그러', '터져', 'arrived damaged', 'crushed') },
      { name: '교환·반품', rules: kw('교환', '반품', 'exchange', 'return an item') },
      { name: '배송지 변경', rules: kw('배송지 변경', '주소 변경', '배송지를 바꾸', 'delivery address') },
    ],
  },
  {
    name: '취소·환불',
    children: [
      { name: '멤버십 해지', rules: kw('해지', 'cancel my membership', 'cancelled my membership') },
      { name: '환불', rules: kw('환불', 'refund') },
      { name: '주문 취소', rules: [...kw('주문 취소'), re('취소(하고|해 ?주|할게|하려)'), ...kw('cancel my order')] },
    ],
  },
  {
    name: '앱 오류',
    children: [
      { name: '앱 튕김·느림', rules: [...kw('튕겨', '튕김', '꺼져요', '꺼짐', '강제 종료', '강제종료', '멈춰'), re('앱이 (너무|좀|자꾸)? ?느려'), ...kw('crash', 'crashes', 'crashing', 'too slow')] },
      { name: '알림', rules: kw('알림', '푸시', 'notifications') },
    ],
  },
  {
    // Coupons are a promotion policy, not an app fault: filed under 앱 오류, the coupon rule's
    // complaints made "앱 오류" the Overview's biggest riser while no app was broken.
    name: '혜택·쿠폰',
    children: [
      // "my coupon", not "coupon": "The coupon page is blank" is a screen that fails, not a coupon.
      { name: '쿠폰', rules: kw('쿠폰', 'my coupon') },
      { name: '적립금·포인트', rules: kw('적립금', '포인트', 'reward points') },
    ],
  },
  {
    name: '상품',
    children: [{ name: '상품 품질', rules: [...kw('유통기한', '망가졌', '마감이', '불량'), re('사진(이랑|과) (너무|많이)? ?달라'), ...kw('broke after')] }],
  },
  {
    name: '상담·서비스',
    children: [
      // Not 상담원 or 감사합니다 alone: "상담원님, …" is how a chat opens and "감사합니다" how a
      // post closes, whatever it is about — a team that files on those words finds its 상담 불만
      // and 칭찬 full of refunds and coupons.
      {
        name: '상담 불만',
        rules: [
          ...kw('불친절', '답변이 없', '답이 없', '응대 불만', '답변 지연', '연결 대기', '책임자 연결', '같은 얘기를', '처음부터 설명', '무시하시'),
          re('전화 연결이 (너무 )?안|답변 언제|상담(원|사)(이|분이|분은|은) (너무|대충|말)'),
          ...kw('rude', 'for an answer'),
        ],
      },
      // Not "thank you" or "thanks" either: how an English message closes.
      {
        name: '칭찬',
        rules: kw('친절하', '최고예요', '만족합니다', '덕분에', '칭찬', '번창하세요', '감사해요', '배송 빨라', 'very helpful', 'great app', 'easy to use', 'fast delivery', 'good prices'),
      },
    ],
  },
];

/** Creates the demo topic tree in a workspace that has no topics yet; returns how many it made. */
export async function ensureDemoTopics(db: Db, workspaceId: number): Promise<number> {
  if ((await listTopics(db, workspaceId)).length) return 0;
  let made = 0;
  for (const [p, parent] of DEMO_TOPICS.entries()) {
    const top = await createTopic(db, workspaceId, { name: parent.name, position: p });
    made++;
    for (const [c, child] of parent.children.entries()) {
      await createTopic(db, workspaceId, { name: child.name, parentId: top.id, rules: child.rules, position: c });
      made++;
    }
  }
  return made;
}
