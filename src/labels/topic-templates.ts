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
 *   specific one took; a topic whose rules name one particular thing (쿠폰, 적립금) is `first`, tried
 *   before every other topic of the tree, whichever parent comes first: a coupon that fails at
 *   checkout ("쿠폰 적용이 안돼요 결제 페이지에서 계속 오류") is the coupon's, not a payment failure's
 *   (walkthrough s26: 결제 오류's general wording took it, as 결제 comes before 혜택·쿠폰 in the tree).
 * - topic-templates.eval-set.ts holds inquiries the rules were not written from; its test prints the
 *   share each template files right (s26, commerce: 54% → 99% on it, 60% → 80% on its holdout).
 */
export interface TemplateTopic {
  nameKo: string;
  nameEn: string;
  rules: readonly TopicRule[];
  /** Its rules are general wording: tried after every specific topic of the tree. */
  fallback?: boolean;
  /**
   * Its rules name one particular thing (a coupon, points, an event): tried before every other
   * topic of the tree, as a message that names it is about it even when it also says what failed.
   * A parent's `first` children come before its others, so the tree still shows them in order.
   */
  first?: boolean;
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
  ...kw('결제 오류', '결제 실패', '결제 에러', '결제가 안', '결제 안 돼', '결제 진행이 안', '결제 누르면', '결제 버튼', '결제하기 버튼', '승인 거절', '승인 실패', '결제 거절', '카드 거절', '결제는 됐는데 주문', '결제됐는데 주문', '결제 완료됐는데 주문'),
  ...kw("can't pay", 'cannot pay', 'unable to pay', 'payment error', 'charged but no order', "payment didn't go through", 'payment did not go through', 'card declined', 'card was declined', 'card is declined'),
  ...re('payments? (keeps? |kept |has |have |is |was )?(getting |being |been )?(fail|fails|failing|failed|declined|rejected)', 'checkout (error|fails|failed|failing|is broken)'),
];
const PAYMENT_METHOD = kw('결제수단', '카드 변경', '카드를 바꾸', '카드 바꾸', '카드 등록', '결제 카드', 'payment method', 'payment methods', 'change my card', 'update my card', 'card on file', 'card details', 'billing details');
const RECEIPT = kw('영수증', '세금계산서', '매출전표', '인보이스', '거래명세서', 'receipt', 'receipts', 'invoice', 'invoices', 'tax invoice', 'billing history');
const REFUND = [
  ...kw('환불', '환급', 'refund', 'refunds', 'refunded', 'refunding', 'money back', 'reimburse', 'reimbursement'),
  // Money that has not come back after a cancellation: 취소했는데 돈이 아직 안 들어왔어요.
  ...re('(돈|금액|결제 ?금액|카드 ?대금)[이은가]? ?(아직|아직도|언제)? ?(안 ?들어|안 ?돌아|안 ?들와|못 ?받)'),
];
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
  ...['오류가 나', '오류가 떠', '오류 메시지', '에러가', '에러 나', '에러 떠', '버그', '작동을 안', '작동이 안', '작동 안 해', '버튼이 안', '버튼을 눌러도', '화면이 안', '빈 화면', '하얀 화면', '흰 화면', '하얗게 나와', '하얗게 떠', '화면이 하얗', '페이지가 안'],
  ...['error', 'errors', 'bug', 'bugs', 'glitch', 'not working', "doesn't work", 'does not work', "isn't working", 'blank page', 'blank screen', 'nothing loads', 'broken link'],
);
const SUPPORT_COMPLAINT = [
  ...kw('불친절', '응대 불만', '응대가 별로', '태도가', '말투가', '성의 없', '성의없', '대충 답', '복붙', '책임자 연결', '같은 얘기를', '처음부터 설명', '무시하시'),
  ...kw('rude', 'unhelpful', 'hung up', 'ended the chat', 'support is useless', 'canned response', 'copy-paste', 'copy and paste'),
];
/**
 * Reaching a person and waiting for an answer: how long, not how it went. "상담원 연결" alone is how a
 * chat asks for a person (a chatbot's button), so a connection counts only with what went wrong
 * with it (오래, 안 돼, 대기가 길어요); an answer only with its absence or lateness (답변이 없어요, 늦어요).
 */
const SUPPORT_WAIT = [
  ...kw('연결 대기', '대기 시간', '대기시간', '대기가 길', '대기가 너무 길', '대기 인원', '대기자가', '상담 대기', '통화 대기', '채팅 대기', '답변 지연', '답이 없', '답변을 안', '답장을 안', '연락을 안 주', '연락 준다더니'),
  ...re(
    '(상담|상담원|상담사|고객센터|콜센터|전화|통화|채팅|사람)[이가과와은는의을를도]? ?(연결|대기)[이가은는도까지하는데]{0,3} ?(너무|좀|진짜|정말|왜 이렇게|계속|자꾸)? ?(오래|안 ?돼|안 ?되|안되|안 ?됩|늦|길|어려|힘들|불가)',
    '\\d+ ?(분|시간)(째|이나|넘게|동안|가까이)? ?(대기|기다|연결)',
    '(대기|기다린 ?지|기다리는 ?중)[만도이가]? ?\\d+ ?(분|시간)',
    '(답변|답장|회신|응답|연락)[이은도가]? ?(아직|아직도|계속|너무|좀|왜 이렇게|며칠째|\\d+ ?일째|\\d+ ?시간째|\\d+ ?일 ?넘게)? ?(없|안 ?와|안 ?오|늦|느려)',
  ),
  ...kw('on hold', 'hold time', 'wait time', 'waiting time', 'no response', 'no reply', 'no answer', 'never replied', 'never answered', 'never responded', 'never got back', 'nobody replied', 'no one replied', "haven't heard back", 'have not heard back', 'still no reply', 'still no answer', "can't get through", 'cannot get through', "can't reach anyone", 'takes forever to reach'),
  ...re(
    'waiting( [a-z0-9]+){0,3} for an? (answer|reply|response|callback|call back|agent)',
    'waiting( [a-z0-9]+){0,4} on the (phone|line)',
    '(waited|waiting)( [a-z0-9]+){0,4} for (an? hour|hours|[0-9]+ ?(minutes|mins|hours))',
    '(nobody|no one|noone) (has |have )?(answered|replied|responded|got back)',
    "(hasn't|has not|haven't|have not) (answered|replied|responded|gotten back|got back)",
  ),
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
            ...kw('배송 지연', '배송이 느', '배송 느려', '배송 언제', '언제 배송', '언제 도착', '도착 예정', '예정일이 지났', '출고 언제', '출고가 안', '발송 언제', '언제 발송', '발송이 안', '출발도 안', '아직 출발', '배송 준비중', '배송준비 중', '아직 안 왔', '아직 안 와', '아직도 안 와', '아직도 안 왔', '아직 못 받', '배송이 안 와', '택배가 안 와', '물건이 안 와', '택배가 안 오', '배송이 안 오'),
            // 늦어요 however it is put (배송이 너무 늦어요, 택배 왜 이렇게 느려요), and "when does it come" about the parcel.
            ...re(
              '(배송|택배|물건|상품|주문)[이은도가]? ?(너무|좀|넘|진짜|정말|많이|왜 이렇게|엄청|계속)? ?(늦|느려|느리|느림|지연)',
              '(택배|물건|상품|주문|제품|주문한 ?거|소포|물품)[은는이가]? ?언제 ?(와|오|받|도착|출발|발송|보내|배송)',
              '언제 ?(받을|받아|받나|받는|도착|발송|출고)',
              // Not here yet after days (일주일째 안 오고, 아직도 안 오네요), or stuck (며칠째 그대로).
              '(아직|아직도|여태|며칠째|일주일째|\\d+ ?일째)[가-힣]{0,3} ?안 ?(와|오|왔|옴)',
              '(며칠째|일주일째|\\d+ ?일째|계속) ?(그대로|멈춰|변동이 없|움직이지)',
            ),
            ...kw('where is my order', 'where is my package', 'where is my parcel', "where's my order", "where's my package", 'not arrived', "hasn't arrived", 'not yet arrived', 'still waiting for my order', 'not been shipped', 'not shipped yet', 'when will my order', 'when will my package', 'when will it arrive', 'when will it ship', 'still nothing', 'late delivery', 'late deliveries', 'delayed delivery'),
            ...re('(delivery|deliveries|shipping|shipment|package|parcel|order)( is| are| was| were| has been| have been)? (always |often |so |very |too |really |still )?(late|slow|delayed)', 'when will (my|the|this|it) ([a-z]+ )?(be )?(shipped|sent|dispatched|delivered)', "still (haven't|haven’t|have not) (received|got|gotten) (anything|it)"),
          ],
        },
        {
          nameKo: '배송완료 미수령',
          nameEn: 'Delivered but not received',
          rules: [
            ...kw('배송완료', '택배 분실', '분실', '문 앞에 없', '경비실에도 없', '두고 갔다는데', '놓고 갔다는데', '뒀다는데', '받은 적이 없', '받은 적 없'),
            ...kw('says delivered', 'marked as delivered', 'marked delivered', 'shows delivered', 'shows as delivered', 'lost package', 'lost parcel', 'package was stolen', 'parcel was stolen'),
            ...re("(never|didn't|did not|haven't|have not) (got|get|gotten|received|receive) (my|the) (order|package|parcel|delivery)"),
          ],
        },
        {
          // Tracking that does not work (no data, a wrong number), apart from a late parcel: after
          // 배송완료 미수령, whose "tracking says delivered" is about the parcel, not the tracking.
          nameKo: '배송 조회·송장',
          nameEn: 'Tracking',
          rules: [
            ...kw('배송조회', '배송 조회', '송장', '운송장', '조회가 안', '조회 안 돼', '조회가 되지', '배송 추적', '택배 추적', '배송 정보가 안', '배송 정보가 없'),
            ...kw('tracking number', 'tracking code', 'tracking link', 'tracking info', 'tracking information', 'tracking details'),
            ...re("tracking( page| status)? (has not|hasn't|is not|isn't|does not|doesn't|did not|didn't|won't|will not|not|never|still)"),
          ],
        },
        {
          nameKo: '오배송·누락',
          nameEn: 'Wrong or missing item',
          rules: [
            ...kw('오배송', '누락', '잘못 왔', '잘못 배송', '다른 상품이 왔', '다른 게 왔', '엉뚱한 상품', '엉뚱한 물건', '엉뚱한 게 왔'),
            ...kw('wrong item', 'wrong product', 'wrong order', 'wrong size was sent', 'wrong colour', 'wrong color', 'not what i ordered', "someone else's order", 'someone else’s order', 'missing item', 'missing items', 'item is missing', 'items are missing', 'missing from my order', 'missing from the box'),
            ...re('(하나|한 개|구성품|부품|한 짝)[이가]? ?(빠져|없어|안 왔|안 들어)', '다른 (색|색상|색깔|컬러|사이즈|옵션|제품|상품|물건|모델)[이가]? ?(왔|배송|도착|들어)', '(\\d+ ?개|하나|한 개|일부)만 ?(왔|도착|배송|들어)'),
          ],
        },
        {
          nameKo: '파손',
          nameEn: 'Damaged',
          rules: kw('파손', '깨져서 왔', '깨져서 도착', '깨진 채', '깨진 상태', '깨져 있었', '찌그러', '터져서 왔', '박스가 찢어', '포장이 뜯', '뜯겨서 왔', '뜯긴 채', '젖어서 왔', '상자가 젖', '박스가 젖', 'damaged', 'arrived broken', 'came broken', 'crushed', 'dented', 'smashed', 'leaking'),
        },
        {
          nameKo: '배송지 변경',
          nameEn: 'Delivery address',
          rules: kw('배송지', '배송 주소', '받는 주소', '주소를 잘못', '주소를 바꾸', '주소 바꿀', '주소 수정', '주소를 수정', '주소 변경', 'change my address', 'shipping address', 'change the address', 'change my delivery address', 'change the delivery address', 'change my shipping address', 'wrong address', 'delivery address'),
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
          rules: [
            ...kw('교환', 'exchange', 'exchanged', 'swap it for', 'different size', 'different color', 'different colour'),
            ...re('(사이즈|치수|색상|색깔|컬러|옵션)[가-힣 ]{0,12}(바꾸|바꿔|바꿀|변경하고|변경 ?가능|변경할)'),
          ],
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
            ...kw('불량', '고장', '하자', '망가졌', '망가져', '흠집', '스크래치', '보풀', '냄새가 너무', '유통기한', '마감이 엉망', '물빠짐', '이염', '실밥', '올이 풀', '초기 불량', '사진이랑 너무 달', '사진이랑 완전 달', '사진과 다르'),
            ...kw('defective', 'defect', 'faulty', 'broke after', 'broken after', 'stopped working', 'fell apart', 'expiry date', 'expiration date'),
            // 색이 (다) 빠졌어요, 물 빠짐: dye that runs after a wash.
            ...re('(색|물|염색)[이가]? ?(다|많이|좀|너무|엄청|금방)? ?빠(져|졌|짐|지)'),
            ...re('(poor|bad|low|terrible|awful|cheap) quality', 'quality (is|was) (poor|bad|low|terrible|awful)'),
          ],
        },
        {
          nameKo: '상품 정보·사이즈',
          nameEn: 'Product details & sizing',
          rules: [
            ...kw('몇 사이즈', '사이즈 추천', '사이즈표', '사이즈 문의', '정사이즈', '실측', '재질', '소재가', '원산지', '성분', 'size chart', 'what size', 'which size', 'sizing', 'true to size', 'material', 'ingredients'),
            ...re('(어떤|무슨|몇|어느) ?사이즈', '사이즈[가는]? ?(맞을|맞나|맞을까|클까|작을까)'),
          ],
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
        // Named things: first, so "쿠폰이 결제할 때 오류" or "적립금으로 결제가 안 돼요" is theirs, not 결제 오류's.
        { nameKo: '쿠폰', nameEn: 'Coupons', first: true, rules: kw('쿠폰', '할인 코드', '프로모션 코드', '프로모 코드', '상품권', 'coupon', 'coupons', 'coupon code', 'promo code', 'discount code', 'voucher', 'vouchers', 'gift card') },
        { nameKo: '적립금·포인트', nameEn: 'Points & credit', first: true, rules: kw('적립금', '포인트', '마일리지', 'points', 'reward points', 'store credit', 'loyalty') },
        { nameKo: '이벤트', nameEn: 'Events & promotions', first: true, rules: kw('이벤트', '사은품', '경품', '당첨', '프로모션', 'giveaway', 'promotion', 'free gift') },
        { nameKo: '멤버십', nameEn: 'Membership', first: true, rules: kw('멤버십', '멤버쉽', '회원 등급', '등급 혜택', 'vip 등급', 'membership', 'member benefits') },
      ],
    },
    {
      nameKo: '상담·서비스',
      nameEn: 'Customer service',
      children: [
        { nameKo: '상담 연결·대기', nameEn: 'Waiting for support', rules: SUPPORT_WAIT },
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
        { nameKo: '지원 연결·대기', nameEn: 'Waiting for support', rules: SUPPORT_WAIT },
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
            ...kw('사기 당', '사기를 당', '사기꾼', '사기 피해', '사기 거래', '보이스피싱', '피싱', '스미싱', '명의도용', '모르는 거래', '제가 안 한 거래', '제가 하지 않은 거래', '부정 사용', '부정사용', '무단 출금', '무단으로 결제', '돈을 빼갔', '돈을 빼 갔', '빼갔어요', 'fraud', 'fraudulent', 'scam', 'scammed', 'phishing'),
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
            ...re('(송금|이체|보냈|보낸)[가-힣 ]{0,16}(못 ?받|안 ?들어|입금이 안|안 ?왔|확인이 안)'),
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
        // The money first: "결제 취소했는데 환불이 안 들어와요" is about a refund that has not come.
        { nameKo: '환불', nameEn: 'Refund', rules: [...REFUND, ...kw('chargeback')] },
        { nameKo: '결제 취소', nameEn: 'Payment cancellation', rules: kw('결제 취소', '결제취소', '승인 취소', '취소가 안', '취소해 주', '취소해주', 'cancel the payment', 'cancel a payment', 'cancel my payment', 'cancel the transaction') },
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
            ...kw('점검', '접속 장애', '접속이 안', '접속 불가', '서버 오류', '장애', 'maintenance', 'outage', "can't connect", 'cannot connect', 'unable to connect'),
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
        { nameKo: '상담 연결·대기', nameEn: 'Waiting for support', rules: SUPPORT_WAIT },
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
