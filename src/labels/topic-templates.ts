import type { TopicRule } from '../text/topic-rules.js';

/**
 * Starter topic trees: a new workspace begins with one a CX team of that kind of business would
 * keep, instead of an empty tree that labels nothing until someone writes rules by hand
 * (labels/apply-topic-template.ts creates one in a workspace).
 *
 * How the rules are written, so that they file what they say and little else:
 * - Rules of every template match Korean as customers write it (로그인이 안 돼요, 배송이 안 와요,
 *   환불해 주세요) and English (can't log in, where is my order, refund). A Korean keyword matches
 *   inside words and however it is spaced, and its two-syllable words may have a few characters
 *   between them (text/topic-rules.ts); an English word matches only whole, so its forms are listed
 *   (refund, refunds, refunded), or written as a regular expression where word order varies.
 * - No bare word that every inquiry uses: 결제, 주문, 문의, order, payment alone would file half the
 *   inbox. 상담원 and 감사합니다 / thank you are how a chat opens and a mail closes, whatever it is
 *   about (the demo's topics found that out: src/ingest/demo/demo-topics.ts).
 * - Only children have rules, tried in the template's order (apply-topic-template.ts numbers them
 *   through the tree): a specific topic comes before a general one (이중 결제 before 결제 오류,
 *   해지했는데 결제됨 before 해지), a parent's before the next parent's (결제 실패 before 접속 장애
 *   for "payment failed: unable to connect"); a topic whose rules are general wording (how do I …,
 *   오류가 나요) is a `fallback`, tried after every other topic so that it takes only what no
 *   specific one took.
 */
export interface TemplateTopic {
  nameKo: string;
  nameEn: string;
  rules: readonly TopicRule[];
  /** Its rules are general wording: tried after every specific topic of the tree. */
  fallback?: boolean;
}

export interface TemplateParent {
  nameKo: string;
  nameEn: string;
  children: readonly TemplateTopic[];
}

export interface TopicTemplate {
  /** Stable, used in the API path (POST /topics/templates/{id}/apply). */
  id: string;
  nameKo: string;
  nameEn: string;
  descriptionKo: string;
  descriptionEn: string;
  topics: readonly TemplateParent[];
}

const kw = (...patterns: string[]): TopicRule[] => patterns.map((pattern) => ({ kind: 'keyword', pattern }));
const re = (...patterns: string[]): TopicRule[] => patterns.map((pattern) => ({ kind: 'regex', pattern }));

// ---- rules several templates share ----------------------------------------------------------------

const LOGIN = [
  ...kw('로그인', '로긴', 'log in', 'logging in', 'logged in', 'logged out', 'logs me out', 'logging me out', 'sign in', 'signing in', 'signed in', 'signed out'),
];
const PASSWORD = kw('비밀번호', '비번', '패스워드', 'password', 'passwords', 'passcode', 'reset link');
const HACKED = [
  ...kw('도용', '해킹', '제가 안 한 주문', '제가 하지 않은 주문', '제가 안 한 결제', '모르는 기기', '모르는 로그인', 'hacked', 'compromised', 'unauthorized', 'unauthorised', 'suspicious login', 'suspicious activity'),
  ...re('someone (else )?(has |had )?(logged|placed|made|used|accessed|changed|ordered)'),
];
const DELETE_ACCOUNT = kw('탈퇴', '계정 삭제', '계정을 삭제', '계정 지워', 'delete my account', 'delete my data', 'delete my personal data', 'close my account', 'remove my account', 'deactivate my account', 'delete account');
const VERIFICATION = kw('본인인증', '인증번호', '인증 문자', '인증 메일', 'verification code', 'verification email', 'verification text', 'one-time code', 'otp', 'verify my');
const DOUBLE_CHARGE = [
  ...kw('이중 결제', '중복 결제', '두 번 결제', '결제가 두 번', '결제가 2번', '2번 결제', '두 번 빠져', '두 번 청구', '두 번 출금'),
  ...kw('double charged', 'double charge', 'double-charged', 'duplicate charge', 'two charges'),
  ...re('(charged|billed) (me |us )?(twice|two times|double)'),
];
const PAYMENT_FAILED = [
  ...kw('결제 오류', '결제 실패', '결제 에러', '결제가 안', '결제 안 돼', '결제 진행이 안', '결제 누르면', '승인 거절', '결제 거절', '카드 거절'),
  ...kw("can't pay", 'cannot pay', 'unable to pay', 'payment error', "payment didn't go through", 'payment did not go through', 'card declined', 'card was declined', 'card is declined'),
  ...re('payments? (keeps? |kept |has |have |is |was )?(getting |being |been )?(fail|fails|failing|failed|declined|rejected)', 'checkout (error|fails|failed|failing|is broken)'),
];
const PAYMENT_METHOD = kw('결제수단', '카드 변경', '카드를 바꾸', '카드 바꾸', '카드 등록', '결제 카드', 'payment method', 'payment methods', 'change my card', 'update my card', 'card on file', 'card details', 'billing details');
const RECEIPT = kw('영수증', '세금계산서', '매출전표', '인보이스', '거래명세서', 'receipt', 'receipts', 'invoice', 'invoices', 'tax invoice', 'billing history');
const REFUND = kw('환불', 'refund', 'refunds', 'refunded', 'refunding', 'money back', 'reimburse', 'reimbursement');
const CRASH = [
  ...kw('튕겨', '튕김', '튕기', '꺼져요', '꺼짐', '앱이 꺼', '강제 종료', '강제종료', '앱이 멈', '화면이 멈', '먹통', '앱이 죽'),
  ...kw('crash', 'crashes', 'crashing', 'crashed', 'freezes', 'freezing', 'frozen', 'keeps closing', 'force close', 'force closes'),
];
const SLOW = [
  ...kw('로딩', '버벅', '앱이 느', '앱이 너무 느', '속도가 느', '느려졌', '렉이 심', '렉 걸려', '반응 속도'),
  ...kw('slow to load', 'loads slowly', 'loading', 'laggy', 'lagging', 'takes forever'),
  ...re('(app|site|website|page|pages|screen|dashboard|everything)( is| are| has been| got| gets| feels| runs| became)? (so |very |too |really |extremely |super )?(slow|laggy|sluggish)'),
];
const NOTIFICATIONS = kw('알림', '푸시', 'notification', 'notifications', 'push');
const APP_ERROR = kw(
  ...['오류가 나', '오류가 떠', '오류 메시지', '에러가', '에러 나', '에러 떠', '버그', '작동을 안', '작동이 안', '작동 안 해', '버튼이 안', '버튼을 눌러도', '화면이 안', '빈 화면', '하얀 화면', '흰 화면', '페이지가 안'],
  ...['error', 'errors', 'bug', 'bugs', 'glitch', 'not working', "doesn't work", 'does not work', "isn't working", 'blank page', 'blank screen', 'nothing loads', 'broken link'],
);
const SUPPORT_COMPLAINT = [
  ...kw('불친절', '답변이 없', '답이 없', '답변을 안', '응대 불만', '답변 지연', '연결 대기', '전화 연결이 안', '상담 연결이 안', '고객센터 연결', '책임자 연결', '같은 얘기를', '처음부터 설명', '무시하시'),
  ...kw('rude', 'unhelpful', 'no response', 'no reply', 'no answer', 'never replied', 'nobody replied', 'no one replied', 'hung up', 'ended the chat', 'support is useless'),
  ...re('waiting( [a-z0-9]+){0,3} for an? (answer|reply|response)'),
];
const PRAISE = [
  ...kw('친절하', '친절해요', '친절하셨', '최고예요', '최고에요', '만족합니다', '만족해요', '칭찬', '번창하세요', '덕분에 해결', '잘 쓰고 있'),
  ...kw('very helpful', 'so helpful', 'really helpful', 'super helpful', 'great service', 'excellent service', 'amazing service', 'great support', 'great app', 'love this app', 'love the app', 'highly recommend'),
];
const SUGGESTION = [
  ...kw('기능 추가', '기능 요청', '기능 제안', '추가해 주', '추가해주', '있으면 좋겠', '있었으면 좋겠', '생기면 좋겠', '생겼으면', '지원해 주', '지원해주', '만들어 주', '만들어주', '개선해 주', '개선해주', '개선 요청'),
  ...kw('feature request', 'please add', 'would be nice', 'would be great if', 'would love to see', 'i wish you', 'please support', 'any plans to', 'suggestion', 'it would help'),
];
const HOW_TO = [
  ...kw('사용 방법', '사용법', '이용 방법', '이용방법', '하는 방법', '하는 법', '방법 알려', '방법을 알려', '어떻게 하나요', '어떻게 해요', '어떻게 하면', '어디서 하나요', '어디서 해요', '못 찾겠', '찾을 수가 없'),
  ...kw('how do i', 'how to', 'how can i', 'where can i', 'where do i', "can't find", 'cannot find', 'is there a way', 'guide', 'tutorial'),
];

// ---- the templates ---------------------------------------------------------------------------

const COMMERCE: TopicTemplate = {
  id: 'commerce',
  nameKo: '쇼핑몰·커머스',
  nameEn: 'Online store',
  descriptionKo: '온라인 쇼핑몰·커머스의 고객센터용: 계정·로그인, 결제, 배송, 취소·환불·반품, 상품, 앱·사이트 오류, 혜택·쿠폰, 상담·서비스.',
  descriptionEn: 'For an online store’s support team: account & login, payment, delivery, cancellations/refunds/returns, products, app & site errors, coupons & rewards, customer service.',
  topics: [
    {
      nameKo: '계정·로그인',
      nameEn: 'Account & login',
      children: [
        { nameKo: '계정 도용', nameEn: 'Account takeover', rules: HACKED },
        { nameKo: '회원 탈퇴', nameEn: 'Account deletion', rules: DELETE_ACCOUNT },
        { nameKo: '비밀번호', nameEn: 'Password', rules: PASSWORD },
        { nameKo: '본인인증', nameEn: 'Verification', rules: VERIFICATION },
        { nameKo: '로그인', nameEn: 'Login', rules: LOGIN },
        {
          nameKo: '회원정보 변경',
          nameEn: 'Account details',
          rules: kw('회원정보', '휴대폰번호 변경', '전화번호 변경', '휴대폰 번호가 바뀌', '이메일 변경', '이메일 주소 변경', '닉네임', '개인정보 수정', '개인정보 변경', 'change my email', 'update my email', 'change my phone number', 'update my phone number', 'update my details', 'my profile'),
        },
      ],
    },
    {
      nameKo: '결제',
      nameEn: 'Payment',
      children: [
        { nameKo: '이중 결제', nameEn: 'Charged twice', rules: DOUBLE_CHARGE },
        { nameKo: '결제 오류', nameEn: 'Payment failed', rules: PAYMENT_FAILED },
        { nameKo: '결제수단', nameEn: 'Payment method', rules: PAYMENT_METHOD },
        { nameKo: '영수증·증빙', nameEn: 'Receipts & invoices', rules: RECEIPT },
      ],
    },
    {
      nameKo: '배송',
      nameEn: 'Delivery',
      children: [
        {
          nameKo: '배송 지연',
          nameEn: 'Late delivery',
          rules: [
            ...kw('배송 지연', '배송이 늦', '배송이 느', '배송 느려', '배송이 너무 느', '배송 언제', '언제 배송', '언제 도착', '도착 예정', '출고 언제', '출고가 안', '아직 안 왔', '아직 안 와', '아직도 안 와', '아직도 안 왔', '아직 못 받', '배송이 안 와', '택배가 안 와', '물건이 안 와', '배송조회'),
            ...kw('where is my order', 'where is my package', 'where is my parcel', "where's my order", "where's my package", 'not arrived', "hasn't arrived", 'not yet arrived', 'still waiting for my order', 'not been shipped', 'not shipped yet', 'tracking number', 'when will my order', 'when will my package', 'when will it arrive', 'late delivery', 'late deliveries', 'delayed delivery'),
            ...re('(delivery|deliveries|shipping|shipment|package|parcel|order)( is| are| was| were| has been| have been)? (always |often |so |very |too |really |still )?(late|slow|delayed)'),
          ],
        },
        {
          nameKo: '배송완료 미수령',
          nameEn: 'Delivered but not received',
          rules: [
            ...kw('배송완료', '택배 분실', '분실', '문 앞에 없', '경비실에도 없'),
            ...kw('says delivered', 'marked as delivered', 'marked delivered', 'shows delivered', 'shows as delivered', 'lost package', 'lost parcel', 'package was stolen', 'parcel was stolen'),
            ...re('never (got|received) (my|the) (order|package|parcel|delivery)'),
          ],
        },
        {
          nameKo: '오배송·누락',
          nameEn: 'Wrong or missing item',
          rules: [
            ...kw('오배송', '누락', '잘못 왔', '잘못 배송', '다른 상품이 왔', '다른 게 왔', '엉뚱한 상품', '엉뚱한 물건', '엉뚱한 게 왔'),
            ...kw('wrong item', 'wrong product', 'wrong order', 'wrong size was sent', 'not what i ordered', 'missing item', 'missing items', 'item is missing', 'items are missing', 'missing from my order', 'missing from the box'),
            ...re('(하나|한 개)가? 빠져'),
          ],
        },
        {
          nameKo: '파손',
          nameEn: 'Damaged',
          rules: kw('파손', '깨져서 왔', '깨져서 도착', '깨진 채', '깨진 상태', '깨져 있었', '찌그러', '터져서 왔', '박스가 찢어', 'damaged', 'arrived broken', 'came broken', 'crushed', 'dented', 'smashed', 'leaking'),
        },
        {
          nameKo: '배송지 변경',
          nameEn: 'Delivery address',
          rules: kw('배송지', '배송 주소', '받는 주소', '주소를 잘못', '주소를 바꾸', '주소 바꿀', 'change my address', 'change the address', 'change my delivery address', 'change the delivery address', 'change my shipping address', 'wrong address', 'delivery address'),
        },
      ],
    },
    {
      nameKo: '취소·환불·반품',
      nameEn: 'Cancellations, refunds & returns',
      children: [
        {
          nameKo: '주문 취소',
          nameEn: 'Order cancellation',
          rules: [
            ...kw('주문 취소', '주문취소', '취소하고 싶', '취소해 주', '취소해주', '취소 요청', '취소 가능', '취소할게', '취소하려'),
            ...kw('cancel my order', 'cancel the order', 'cancel this order', 'cancel order', 'cancel my purchase', 'order cancellation'),
          ],
        },
        { nameKo: '환불', nameEn: 'Refund', rules: REFUND },
        {
          nameKo: '교환',
          nameEn: 'Exchange',
          rules: kw('교환', 'exchange', 'exchanged', 'swap it for', 'different size', 'different color', 'different colour'),
        },
        {
          nameKo: '반품',
          nameEn: 'Return',
          rules: [
            ...kw('반품', '반송', '회수', 'return policy', 'return label', 'return request', 'return shipping', 'send it back', 'send back'),
            ...re('\\breturn(ing|ed)? (this|these|the|an?|my|it)\\b'),
          ],
        },
      ],
    },
    {
      nameKo: '상품',
      nameEn: 'Products',
      children: [
        {
          nameKo: '품질·불량',
          nameEn: 'Quality & defects',
          rules: [
            ...kw('불량', '고장', '하자', '망가졌', '망가져', '흠집', '스크래치', '보풀', '냄새가 너무', '유통기한', '마감이 엉망', '사진이랑 너무 달', '사진이랑 완전 달', '사진과 다르'),
            ...kw('defective', 'defect', 'faulty', 'broke after', 'broken after', 'stopped working', 'fell apart', 'expiry date', 'expiration date'),
            ...re('(poor|bad|low|terrible|awful|cheap) quality', 'quality (is|was) (poor|bad|low|terrible|awful)'),
          ],
        },
        {
          nameKo: '상품 정보·사이즈',
          nameEn: 'Product details & sizing',
          rules: kw('몇 사이즈', '사이즈 추천', '사이즈표', '사이즈 문의', '정사이즈', '실측', '재질', '소재가', '원산지', '성분', 'size chart', 'what size', 'which size', 'sizing', 'true to size', 'material', 'ingredients'),
        },
        {
          nameKo: '재고·재입고',
          nameEn: 'Stock & restock',
          rules: kw('재입고', '품절', '재고', 'back in stock', 'out of stock', 'restock', 'sold out'),
        },
      ],
    },
    {
      nameKo: '앱·사이트 오류',
      nameEn: 'App & website errors',
      children: [
        { nameKo: '앱 튕김·멈춤', nameEn: 'Crashes & freezes', rules: CRASH },
        { nameKo: '느림·로딩', nameEn: 'Slow & loading', rules: SLOW },
        { nameKo: '알림', nameEn: 'Notifications', rules: NOTIFICATIONS },
        { nameKo: '화면·기능 오류', nameEn: 'Page & feature errors', rules: APP_ERROR, fallback: true },
      ],
    },
    {
      // Coupons are a promotion policy, not an app fault (a coupon that "does not apply" is most
      // often a condition not met): filed under app errors they made app errors rise while no app was broken.
      nameKo: '혜택·쿠폰',
      nameEn: 'Coupons & rewards',
      children: [
        { nameKo: '쿠폰', nameEn: 'Coupons', rules: kw('쿠폰', '할인 코드', '프로모션 코드', 'coupon', 'coupons', 'promo code', 'discount code', 'voucher', 'vouchers') },
        { nameKo: '적립금·포인트', nameEn: 'Points & credit', rules: kw('적립금', '포인트', '마일리지', 'points', 'reward points', 'store credit', 'loyalty') },
        { nameKo: '이벤트', nameEn: 'Events & promotions', rules: kw('이벤트', '사은품', '경품', '당첨', '프로모션', 'giveaway', 'promotion', 'free gift') },
        { nameKo: '멤버십', nameEn: 'Membership', rules: kw('멤버십', '멤버쉽', '회원 등급', '등급 혜택', 'membership', 'member benefits') },
      ],
    },
    {
      nameKo: '상담·서비스',
      nameEn: 'Customer service',
      children: [
        { nameKo: '상담 불만', nameEn: 'Support complaints', rules: SUPPORT_COMPLAINT },
        { nameKo: '칭찬', nameEn: 'Praise', rules: PRAISE },
        { nameKo: '제안·의견', nameEn: 'Suggestions', rules: SUGGESTION, fallback: true },
      ],
    },
  ],
};

const SUBSCRIPTION: TopicTemplate = {
  id: 'subscription',
  nameKo: '구독 서비스·SaaS·앱',
  nameEn: 'Subscription, SaaS & apps',
  descriptionKo: '구독형 서비스, SaaS, 모바일 앱용: 계정, 결제·청구, 해지·환불, 기능 요청, 오류·버그, 사용 방법, 성능, 고객 지원.',
  descriptionEn: 'For a subscription service, SaaS product or app: account, billing, cancellation & refunds, feature requests, bugs, how-to, performance, support.',
  topics: [
    {
      nameKo: '계정',
      nameEn: 'Account',
      children: [
        { nameKo: '계정 보안', nameEn: 'Account security', rules: [...HACKED, ...kw('2단계 인증', '이중 인증', '2fa', 'two-factor', 'two factor')] },
        { nameKo: '계정 삭제', nameEn: 'Account deletion', rules: DELETE_ACCOUNT },
        { nameKo: '비밀번호', nameEn: 'Password', rules: PASSWORD },
        { nameKo: '로그인', nameEn: 'Login', rules: [...LOGIN, ...VERIFICATION] },
        {
          nameKo: '팀·권한',
          nameEn: 'Team & permissions',
          rules: kw('초대', '팀원', '사용자 추가', '권한', '관리자 변경', '좌석', '시트 추가', 'invite', 'invites', 'invited', 'invitation', 'seat', 'seats', 'permission', 'permissions', 'admin rights', 'add a user', 'add users', 'team member', 'team members'),
        },
      ],
    },
    {
      nameKo: '결제·청구',
      nameEn: 'Billing',
      children: [
        {
          nameKo: '청구 오류',
          nameEn: 'Billing errors',
          rules: [...DOUBLE_CHARGE, ...kw('잘못 청구', '과다 청구', '청구 금액이', '금액이 달라', '더 많이 청구', 'overcharged', 'wrong amount', 'incorrect charge', 'charged more than')],
        },
        { nameKo: '결제 실패', nameEn: 'Payment failed', rules: PAYMENT_FAILED },
        { nameKo: '결제수단', nameEn: 'Payment method', rules: PAYMENT_METHOD },
        {
          nameKo: '요금제·플랜',
          nameEn: 'Plans & pricing',
          rules: [
            ...kw('요금제', '플랜 변경', '플랜 차이', '플랜으로 바꾸', '플랜으로 변경', '플랜 혜택', '플랜 가격', '플랜 요금', '업그레이드', '다운그레이드', '요금 인상', '가격 인상', '요금이 올', '가격이 올', '연간 결제', '월간 결제', 'plans', 'pricing', 'upgrade', 'downgrade', 'price increase', 'price went up', 'too expensive'),
            ...re('(basic|pro|premium|free|paid|business|team|enterprise|annual|yearly|monthly|my|current|the|a|new|cheaper) plan\\b'),
          ],
        },
        { nameKo: '영수증·세금계산서', nameEn: 'Receipts & invoices', rules: [...RECEIPT, ...kw('청구서', '결제 내역', 'vat')] },
      ],
    },
    {
      nameKo: '해지·환불',
      nameEn: 'Cancellation & refunds',
      children: [
        {
          nameKo: '해지 후 결제',
          nameEn: 'Charged after cancelling',
          rules: [
            ...kw('해지했는데', '해지 했는데', '해지 후에도', '해지한 뒤에도', '해지 신청했는데', '취소했는데 결제', '자동결제', '자동갱신', '무료체험 끝나', '무료체험 종료', '체험 기간 끝나'),
            ...kw('still charged', 'still being charged', 'still billed', 'charged after cancelling', 'charged after canceling', 'auto-renew', 'auto renew', 'auto-renewal', 'auto renewal', 'renewed automatically', 'automatically renewed', 'after the free trial', 'after my free trial', 'trial ended'),
          ],
        },
        {
          nameKo: '해지·구독 취소',
          nameEn: 'Cancel subscription',
          rules: kw('해지', '구독 취소', '구독취소', '멤버십 취소', 'cancel my subscription', 'cancel the subscription', 'cancel subscription', 'cancel my membership', 'cancel my plan', 'unsubscribe', 'stop my subscription', 'end my subscription'),
        },
        { nameKo: '환불', nameEn: 'Refund', rules: REFUND },
      ],
    },
    {
      nameKo: '기능 요청',
      nameEn: 'Feature requests',
      children: [
        {
          nameKo: '연동·내보내기',
          nameEn: 'Integrations & export',
          rules: kw('연동', '내보내기', '엑셀로 받', 'api', 'integration', 'integrations', 'integrate', 'webhook', 'webhooks', 'export', 'zapier', 'slack'),
        },
        // General wording (개선해 주세요, please add): after the bugs, whose reports often end so.
        { nameKo: '새 기능 제안', nameEn: 'New feature ideas', rules: [...SUGGESTION, ...kw('다크모드', 'dark mode')], fallback: true },
      ],
    },
    {
      nameKo: '오류·버그',
      nameEn: 'Bugs & errors',
      children: [
        { nameKo: '앱 튕김', nameEn: 'Crashes', rules: CRASH },
        {
          nameKo: '동기화·데이터 유실',
          nameEn: 'Sync & lost data',
          rules: kw('동기화', '싱크', '데이터가 사라', '데이터가 날아', '날아갔', '저장이 안', '저장 안 돼', 'sync', 'syncing', 'not syncing', 'data loss', 'lost my data', 'lost all my', 'not saving', "didn't save", 'did not save'),
        },
        { nameKo: '알림', nameEn: 'Notifications', rules: NOTIFICATIONS },
        { nameKo: '기타 오류', nameEn: 'Other errors', rules: APP_ERROR, fallback: true },
      ],
    },
    {
      nameKo: '사용 방법',
      nameEn: 'How-to',
      children: [
        { nameKo: '설정', nameEn: 'Settings', rules: kw('환경설정', '설정 메뉴', '설정을 바꾸', '설정 변경', '언어 설정', '언어 변경', 'settings', 'change the language', 'language setting') },
        { nameKo: '이용 방법 문의', nameEn: 'How do I…', rules: HOW_TO, fallback: true },
      ],
    },
    {
      nameKo: '성능',
      nameEn: 'Performance',
      children: [
        {
          nameKo: '접속 장애',
          nameEn: 'Outages',
          rules: [
            ...kw('접속이 안', '접속 안 돼', '접속 불가', '접속이 불안', '서버 오류', '서버 다운', '서버가 다운', '서비스 장애', '장애 발생', '장애가 났', '장애가 생', '장애 공지', 'outage', 'server error', "can't connect", 'cannot connect', 'unable to connect', 'connection error', 'timed out', '502', '503'),
            ...re('(site|service|server|servers|app|website|system) (is |was |went |seems |goes )?(down|offline|unavailable)\\b'),
          ],
        },
        { nameKo: '느림·로딩', nameEn: 'Slow & loading', rules: SLOW },
      ],
    },
    {
      nameKo: '고객 지원',
      nameEn: 'Support',
      children: [
        { nameKo: '지원 불만', nameEn: 'Support complaints', rules: SUPPORT_COMPLAINT },
        { nameKo: '칭찬', nameEn: 'Praise', rules: PRAISE },
      ],
    },
  ],
};

const FINTECH: TopicTemplate = {
  id: 'fintech',
  nameKo: '핀테크·간편결제',
  nameEn: 'Fintech & payments',
  descriptionKo: '송금·간편결제·카드 앱용: 인증·보안, 송금·이체, 카드, 수수료·환전, 결제 취소·환불, 앱 오류, 상담.',
  descriptionEn: 'For a money transfer, payments or card app: verification & security, transfers, cards, fees & FX, cancellations & refunds, app problems, support.',
  topics: [
    {
      nameKo: '인증·보안',
      nameEn: 'Verification & security',
      children: [
        {
          nameKo: '사기·부정 거래',
          nameEn: 'Fraud',
          rules: [
            ...HACKED,
            ...kw('사기 당', '사기를 당', '사기꾼', '사기 피해', '사기 거래', '보이스피싱', '피싱', '스미싱', '명의도용', '모르는 거래', '제가 안 한 거래', '제가 하지 않은 거래', '부정 사용', '부정사용', 'fraud', 'fraudulent', 'scam', 'scammed', 'phishing'),
            ...re("transactions? i (did not|didn't|never) make"),
          ],
        },
        {
          nameKo: '본인인증',
          nameEn: 'Identity verification',
          rules: [...VERIFICATION, ...kw('본인 확인', '신분증', '실명 인증', '얼굴 인증', 'ars 인증', 'id verification', 'verify my identity', 'identity verification', 'kyc')],
        },
        { nameKo: '비밀번호·PIN', nameEn: 'Password & PIN', rules: [...PASSWORD, ...kw('핀번호', '간편 비밀번호', 'pin', 'pin code')] },
        { nameKo: '로그인', nameEn: 'Login', rules: LOGIN },
        { nameKo: '탈퇴', nameEn: 'Closing the account', rules: DELETE_ACCOUNT },
      ],
    },
    {
      nameKo: '송금·이체',
      nameEn: 'Transfers',
      children: [
        {
          nameKo: '잘못 보낸 송금',
          nameEn: 'Sent to the wrong account',
          rules: kw('잘못 보냈', '잘못 송금', '착오송금', '잘못 이체', '계좌번호를 잘못', '다른 사람한테 보냈', '다른 사람에게 보냈', '모르는 사람한테 보냈', '모르는 사람에게 보냈', '다른 계좌로 보냈', '반환 요청', 'wrong account', 'wrong person', 'wrong recipient', 'sent money to the wrong', 'reverse the transfer', 'recall the transfer'),
        },
        {
          nameKo: '송금 지연·실패',
          nameEn: 'Failed or late transfer',
          rules: [
            ...kw('송금이 안', '송금 실패', '송금 오류', '송금 지연', '이체가 안', '이체 실패', '이체 오류', '이체 지연', '입금이 안', '돈이 안 들어', '출금이 안', '송금했는데 안'),
            ...kw('transfer failed', 'transfer pending', 'transfer is pending', 'transfer is delayed', 'transfer delayed', 'money has not arrived', "money hasn't arrived", 'money not received', 'still pending'),
          ],
        },
        { nameKo: '송금 한도', nameEn: 'Transfer limits', rules: kw('이체 한도', '송금 한도', '출금 한도', '1일 한도', '하루 한도', 'transfer limit', 'sending limit', 'withdrawal limit', 'daily limit') },
      ],
    },
    {
      nameKo: '카드',
      nameEn: 'Cards',
      children: [
        {
          nameKo: '분실·정지',
          nameEn: 'Lost card & freeze',
          rules: kw('카드 분실', '분실 신고', '카드를 잃어', '카드 정지', '카드 잠금', '카드 도난', 'lost my card', 'lost card', 'stolen card', 'card was stolen', 'card stolen', 'freeze my card', 'block my card', 'lock my card'),
        },
        { nameKo: '카드 결제 거절', nameEn: 'Declined payments', rules: [...PAYMENT_FAILED, ...kw('declined')] },
        {
          nameKo: '카드 발급·배송',
          nameEn: 'Card issuance & delivery',
          rules: kw('카드 발급', '카드 신청', '카드 배송', '카드가 안 와', '카드 수령', '실물 카드', '재발급', 'new card', 'card delivery', "card hasn't arrived", 'card has not arrived', 'replacement card', 'physical card'),
        },
        { nameKo: '카드 한도', nameEn: 'Card limit', rules: kw('카드 한도', '한도 상향', '한도 초과', 'credit limit', 'card limit', 'spending limit') },
      ],
    },
    {
      nameKo: '수수료·환전',
      nameEn: 'Fees & FX',
      children: [
        { nameKo: '이중 출금·잘못된 청구', nameEn: 'Wrong charges', rules: [...DOUBLE_CHARGE, ...kw('잘못 출금', '잘못 청구', 'overcharged', 'wrong amount', 'duplicate transaction')] },
        { nameKo: '환전·해외 결제', nameEn: 'FX & overseas', rules: kw('환전', '환율', '해외 결제', '해외결제', '해외 송금', '해외송금', '외화', 'exchange rate', 'currency', 'foreign transaction', 'international transfer', 'overseas') },
        { nameKo: '수수료', nameEn: 'Fees', rules: kw('수수료', '연회비', '이자', 'fee', 'fees', 'annual fee', 'commission', 'interest rate') },
      ],
    },
    {
      nameKo: '결제 취소·환불',
      nameEn: 'Cancellations & refunds',
      children: [
        { nameKo: '결제 취소', nameEn: 'Payment cancellation', rules: kw('결제 취소', '결제취소', '승인 취소', '취소가 안', '취소해 주', '취소해주', 'cancel the payment', 'cancel a payment', 'cancel my payment', 'cancel the transaction') },
        { nameKo: '환불', nameEn: 'Refund', rules: [...REFUND, ...kw('chargeback')] },
      ],
    },
    {
      nameKo: '앱 오류',
      nameEn: 'App problems',
      children: [
        { nameKo: '앱 튕김·느림', nameEn: 'Crashes & slowness', rules: [...CRASH, ...SLOW] },
        {
          nameKo: '점검·접속 장애',
          nameEn: 'Maintenance & outages',
          rules: [
            ...kw('점검 중', '점검 시간', '시스템 점검', '서버 점검', '정기 점검', '접속이 안', '접속 불가', '서버 오류', '장애', 'maintenance', 'outage', "can't connect", 'cannot connect', 'unable to connect'),
            ...re('(site|service|server|app|system) (is |was |went |seems )?(down|offline|unavailable)\\b'),
          ],
        },
        { nameKo: '알림', nameEn: 'Notifications', rules: NOTIFICATIONS },
        { nameKo: '기타 오류', nameEn: 'Other errors', rules: APP_ERROR, fallback: true },
      ],
    },
    {
      nameKo: '상담·서비스',
      nameEn: 'Customer service',
      children: [
        { nameKo: '상담 불만', nameEn: 'Support complaints', rules: SUPPORT_COMPLAINT },
        { nameKo: '칭찬', nameEn: 'Praise', rules: PRAISE },
        { nameKo: '이용 방법 문의', nameEn: 'How do I…', rules: HOW_TO, fallback: true },
      ],
    },
  ],
};

/** Every starter topic tree, in the order the Topics page offers them. */
export const TOPIC_TEMPLATES: readonly TopicTemplate[] = [COMMERCE, SUBSCRIPTION, FINTECH];

/** A template by its id, or undefined. */
export function findTopicTemplate(id: string): TopicTemplate | undefined {
  return TOPIC_TEMPLATES.find((t) => t.id === id);
}

/** How many topics a template makes: its parents and their children. */
export function templateTopicCount(template: TopicTemplate): number {
  return template.topics.reduce((n, parent) => n + 1 + parent.children.length, 0);
}
