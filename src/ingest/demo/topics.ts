// What 소리마켓 customers write about, by type and topic, in the template language of template.ts.
// Weights are relative shares among support conversations (chat, board, email, phone, chatbot)
// and follow a typical Korean e-commerce inbox: delivery and cancellation first.

export const VOC_TYPES = [
  'bug', 'feature_request', 'usability', 'how_to', 'billing', 'account', 'delivery', 'cancellation', 'complaint', 'praise',
] as const;
export type VocType = (typeof VOC_TYPES)[number];

export interface TopicSpec {
  topic: string;
  type: VocType;
  /** Korean label, as an agent would file it. */
  label: string;
  weight: number;
  /** About one order: the conversation carries an order reference. */
  order?: boolean;
  /** Customer voice for chat, board and email. */
  bodies: string[];
  /** Board and email subject lines. */
  titles: string[];
  /** What a customer types to the chatbot. */
  bot: string[];
  /** The agent's call summary (phone memo), without the outcome. */
  memo: string[];
  en?: string[];
  /** Lines of a low-rated app-store review, for topics an app review would mention. */
  app?: string[];
  /** Subscription cancellations: a reason from CANCEL_REASONS fills {reason}. */
  reasons?: boolean;
}

export const TOPICS: readonly TopicSpec[] = [
  // ---- bug ---------------------------------------------------------------------------------
  {
    topic: 'login', type: 'bug', label: '로그인 오류', weight: 3.5,
    bodies: [
      '[로그인이|로그인이 계속|앱 로그인이] 안 돼요[|.|ㅠㅠ] [아이디랑 비번 맞게 넣었는데|비밀번호 맞게 입력했는데도|비번 재설정까지 했는데] [계속 |]"{errorMsg}" [이렇게 떠요|라고 나와요|메시지만 나와요]',
      '{device}에서 [카카오|네이버|애플] 로그인 누르면 [흰 화면만 나오고|무한로딩 걸리고|다시 로그인 화면으로 돌아가고] 진행이 안 돼요',
      '어제까지 잘 되던 로그인이 갑자기 안 됩니다. [앱 삭제 후 재설치도 해봤어요|캐시 삭제하고 재설치까지 했는데 똑같아요|와이파이, LTE 둘 다 해봤어요]',
      '자동 로그인이 자꾸 풀려요. 앱 들어갈 때마다 다시 로그인하라고 [하네요|나와요|해서 너무 불편해요]',
      '로그인할 때 인증번호 문자가 안 와요. [몇 번을 눌렀는지 모르겠어요|스팸함도 확인했어요|10분째 기다리는 중이에요]',
      'PC에서는 로그인 되는데 앱에서만 안 돼요. 앱 버전은 [{appVersion:이에요}|{appVersion}입니다]',
    ],
    titles: ['로그인 오류', '로그인이 안 됩니다', '로그인 불가 문의', '앱 로그인 안 됨', '로그인 문제'],
    bot: ['로그인 안 돼요', '로그인 오류', '로그인이 안되요', '비번 맞는데 로그인 안됨', '로그인'],
    memo: ['앱 로그인 불가 호소', '로그인 시 "{errorMsg}" 오류 발생', 'SNS 로그인 연동 오류', '자동 로그인 풀림 반복'],
    en: [
      "I can't log in to the app. It keeps saying \"{errorMsgEn}\".",
      "Login doesn't work on my {deviceEn}. I already reinstalled the app.",
    ],
    app: ['로그인이 [자꾸|계속] 안 돼요', '자동 로그인 맨날 풀림', '로그인하면 튕겨요'],
  },
  {
    topic: 'payment_error', type: 'bug', label: '결제 오류', weight: 2.5, order: true,
    bodies: [
      '결제하려고 하는데 [자꾸|계속] "{payError}" [라고 떠요|오류가 나요]. [{payMethod:으로} 했어요|{payMethod:으로} 시도했어요|결제수단은 {payMethod}예요]',
      '{payMethod} 결제 누르면 [화면이 멈춰요|앱이 꺼져요|다음으로 안 넘어가요]',
      '결제는 [됐다고 문자 왔는데|카드사 승인 문자까지 왔는데] 주문 내역에는 없어요. 금액은 {amount}[이에요|입니다]',
      '[장바구니에서|바로구매로] 결제하면 마지막 단계에서 오류가 납니다. [카드 바꿔봐도|다른 결제수단으로 해도] 똑같아요',
      '{card}[로|] 결제하는데 [승인 거절이라고|한도 초과라고] 나와요. 카드사에 물어보니 [문제 없다는데요|정상이라고 하던데요]',
    ],
    titles: ['결제 오류', '결제가 안 돼요', '결제 실패 문의', '결제 후 주문 내역 없음'],
    bot: ['결제 오류', '결제가 안돼요', '결제 실패', '결제했는데 주문이 없어요'],
    memo: ['{payMethod} 결제 실패 문의', '결제 승인 후 주문 미생성 건', '결제 단계 오류("{payError}")'],
    en: ['Payment keeps failing with "{errorMsgEn}". I tried two different cards.'],
    app: ['결제가 자꾸 실패해요', '결제 단계에서 오류나서 구매를 못 함'],
  },
  {
    topic: 'app_crash', type: 'bug', label: '앱 튕김', weight: 2.5,
    bodies: [
      '{screen}[에|] 들어가면 앱이 [튕겨요|꺼져요|강제 종료돼요]',
      '앱이 자꾸 튕겨요[ㅠㅠ|.|;;] {device} 쓰고 있고 [최신 버전이에요|업데이트도 했어요]',
      '[리뷰 쓰다가|사진 올리려고 하면|상품 상세 보다가] 앱이 [꺼져서|튕겨서] [처음부터 다시 했어요|쓴 게 다 날아갔어요]',
      '앱 실행하면 [로고만 뜨고|첫 화면에서] 멈춰요. [재부팅해도|지웠다 깔아도] 똑같아요',
      '[요즘|어제부터] 앱이 너무 느리고 [버벅여요|자주 멈춰요]. {screen} 로딩이 10초 넘게 걸려요',
    ],
    titles: ['앱이 계속 종료됩니다', '앱 튕김 현상', '앱 오류 신고', '앱이 너무 느려요'],
    bot: ['앱이 꺼져요', '앱 튕김', '앱 오류', '앱이 멈춰요'],
    memo: ['{screen} 진입 시 앱 강제 종료', '{device} 앱 실행 불가', '앱 속도 저하 및 멈춤 호소'],
    en: ['The app crashes every time I open the {screenEn}.', 'App keeps crashing on my {deviceEn}.'],
    app: ['업데이트 후 [계속|자꾸] 튕겨요', '앱이 너무 느리고 자주 꺼짐', '{screen} 들어가면 바로 꺼져요'],
  },
  {
    topic: 'coupon_error', type: 'bug', label: '쿠폰 적용 오류', weight: 1.5, order: true,
    bodies: [
      '{coupon} 적용이 안 돼요. "{couponError}"라고 나오는데 조건 다 맞췄거든요',
      '쿠폰함에 있는 쿠폰이 결제 화면에서 [안 보여요|선택이 안 돼요]',
      '쿠폰 썼는데 할인이 안 들어갔어요. 결제 금액이 {amount} 그대로 나갔습니다',
      '[앱에서 받은|이벤트로 받은] 쿠폰이 사라졌어요. 사용한 적 없는데요',
    ],
    titles: ['쿠폰 적용 안 됨', '쿠폰 오류', '쿠폰이 사라졌어요'],
    bot: ['쿠폰 적용 안돼요', '쿠폰 오류', '쿠폰 사라짐'],
    memo: ['{coupon} 적용 불가 문의', '사용 안 한 쿠폰 소멸 문의'],
    en: ['My coupon is not applied at checkout. It says "{errorMsgEn}".'],
  },
  {
    topic: 'push', type: 'bug', label: '알림 오류', weight: 0.8,
    bodies: [
      '주문 알림이 안 와요. 알림 설정은 다 켜놨어요',
      '배송 출발 알림이 [하나도|요즘] 안 옵니다. {device} 쓰고 있어요',
      '같은 알림이 [두 번씩|세 번씩] 와요. [새벽에도 와서|계속 와서] 깜짝 놀랐어요',
    ],
    titles: ['알림이 안 와요', '푸시 알림 오류'],
    bot: ['알림이 안와요', '푸시 알림'],
    memo: ['앱 푸시 미수신 문의', '중복 알림 수신 문의'],
    app: ['알림이 안 와서 배송 온 줄도 몰랐어요'],
  },
  {
    topic: 'page_error', type: 'bug', label: '화면 오류', weight: 1,
    bodies: [
      '{screen} 화면이 안 열려요. "{errorMsg}" 나와요',
      '상품 상세 이미지가 [깨져서|안 떠서] 뭔지 모르겠어요',
      '[주문 내역|배송 조회] 누르면 빈 화면만 나와요. [어제부터 그래요|저만 그런가요?]',
    ],
    titles: ['화면 오류', '페이지가 안 열립니다'],
    bot: ['화면이 안 나와요', '페이지 오류'],
    memo: ['{screen} 화면 미노출 오류', '상품 이미지 깨짐 신고'],
    en: ['The {screenEn} is blank. Nothing loads.'],
  },
  // ---- feature_request -----------------------------------------------------------------------
  {
    topic: 'dark_mode', type: 'feature_request', label: '다크모드 요청', weight: 0.5,
    bodies: ['다크모드 [지원해주세요|언제 나오나요?|좀 만들어주세요]. 밤에 보면 눈부셔요', '다크모드 없나요? 다른 앱은 다 되던데'],
    titles: ['다크모드 요청', '기능 제안'],
    bot: ['다크모드'],
    memo: ['다크모드 지원 요청'],
    en: ['Please add a dark mode.'],
  },
  {
    topic: 'restock_alert', type: 'feature_request', label: '재입고 알림 요청', weight: 0.8,
    bodies: [
      '품절된 {product} 재입고 알림 기능 있으면 좋겠어요',
      '재입고 알림 신청 기능 [없나요?|만들어주세요]. 매일 들어와서 확인하기 힘들어요',
      '{product} 언제 다시 들어와요? 입고되면 [알림|문자] 받을 수 있게 해주세요',
    ],
    titles: ['재입고 알림 기능 요청', '품절 상품 재입고 문의'],
    bot: ['재입고 언제', '재입고 알림'],
    memo: ['{product} 재입고 일정 문의 및 알림 기능 요청'],
  },
  {
    topic: 'subscription_pause', type: 'feature_request', label: '구독 일시정지 요청', weight: 0.7,
    bodies: [
      '정기배송 [일시정지|한 달 건너뛰기] 기능 있었으면 좋겠어요. 여행 갈 때마다 해지할 수도 없고',
      '멤버십 [일시정지|잠깐 멈춤] 기능 추가해주세요. [한 달만 쉬고 싶은데|출장 가는 동안만 멈추고 싶은데] 해지밖에 없네요',
    ],
    titles: ['구독 일시정지 기능 요청', '정기배송 건너뛰기 문의'],
    bot: ['구독 일시정지', '정기배송 건너뛰기'],
    memo: ['멤버십 일시정지 가능 여부 문의(기능 없음 안내)'],
  },
  {
    topic: 'multi_address', type: 'feature_request', label: '배송지 여러 개 저장 요청', weight: 0.5,
    bodies: ['배송지를 여러 개 저장할 수 있게 해주세요. 회사랑 집 번갈아 받는데 매번 바꾸기 번거로워요', '부모님 댁으로도 자주 보내는데 배송지 목록 기능 [있나요?|만들어주세요]'],
    titles: ['배송지 관리 기능 요청'],
    bot: ['배송지 여러개'],
    memo: ['배송지 복수 저장 기능 요청'],
  },
  {
    topic: 'review_filter', type: 'feature_request', label: '리뷰 필터 요청', weight: 0.4,
    bodies: ['리뷰를 [사진 리뷰만|별점 낮은 순으로|내 사이즈 기준으로] 볼 수 있게 필터 넣어주세요'],
    titles: ['리뷰 필터 기능 요청'],
    bot: ['리뷰 필터'],
    memo: ['리뷰 정렬·필터 기능 요청'],
  },
  // ---- usability -----------------------------------------------------------------------------
  {
    topic: 'checkout_flow', type: 'usability', label: '결제 과정 불편', weight: 0.8,
    bodies: [
      '결제 단계가 너무 많아요. [쿠폰 적용하고|포인트 쓰고] 넘어가는 데만 몇 번을 누르는지 모르겠어요',
      '주문서에서 배송 요청사항 칸이 너무 작아서 [잘 안 보여요|잘 안 눌려요]',
    ],
    titles: ['결제 과정 개선 요청'],
    bot: ['결제 너무 복잡해요'],
    memo: ['주문·결제 단계 복잡 불편 호소'],
    app: ['결제 과정이 너무 복잡해요'],
  },
  {
    topic: 'search', type: 'usability', label: '검색 불편', weight: 1,
    bodies: [
      '검색이 너무 [안 돼요|이상해요]. "{product}" 쳤는데 [엉뚱한 상품만 나와요|결과가 없대요]',
      '띄어쓰기 안 하면 검색이 안 되는 거 너무 불편해요',
      '검색 결과에 품절 상품이 [맨 위에|계속] 나와요. 품절 빼고 보는 기능 없나요?',
    ],
    titles: ['검색 기능 불편', '검색 결과 오류'],
    bot: ['검색이 안돼요'],
    memo: ['상품 검색 결과 부정확 불편 호소'],
    en: ['Search results are useless. I searched for a product and got unrelated items.'],
    app: ['검색 기능이 너무 구려요', '검색하면 엉뚱한 것만 나옴'],
  },
  {
    topic: 'cancel_menu_hidden', type: 'usability', label: '해지 메뉴 찾기 어려움', weight: 0.6,
    bodies: [
      '해지하는 메뉴를 못 찾겠어요. [어디 숨겨놨어요?|일부러 숨겨둔 거 아니죠?]',
      '멤버십 해지 버튼이 어디 있어요? [설정|마이페이지] 다 뒤져봐도 없어요',
    ],
    titles: ['해지 메뉴 위치 문의'],
    bot: ['해지 메뉴 어디', '해지 버튼 없음'],
    memo: ['멤버십 해지 메뉴 위치 문의, 찾기 어렵다는 불만'],
    app: ['해지 메뉴 찾기가 너무 어려워요'],
  },
  {
    topic: 'font_small', type: 'usability', label: '글씨 크기', weight: 0.4,
    bodies: ['글씨가 너무 작아서 [부모님이|제가] 보기 힘들어요. 글자 크기 조절 [되나요?|기능 있었으면 해요]'],
    titles: ['글자 크기 조절 요청'],
    bot: ['글씨 크게'],
    memo: ['글자 크기 작음 불편(고령 고객)'],
  },
  {
    topic: 'ui_change', type: 'usability', label: '개편 화면 불편', weight: 0.7,
    bodies: [
      '이번에 [화면|디자인] 바뀐 거 너무 불편해요. {screen} 어디 있는지 한참 찾았어요',
      '업데이트하고 메뉴 위치가 다 바뀌어서 [헷갈려요|적응이 안 돼요]. 예전이 훨씬 나았어요',
    ],
    titles: ['개편된 화면 불편', '메뉴 위치 문의'],
    bot: ['{screen} 어디있어요'],
    memo: ['앱 개편 후 메뉴 위치 혼란 호소'],
    app: ['개편하고 더 불편해졌어요', '업데이트하고 메뉴 찾기가 힘들어요'],
  },
  // ---- how_to --------------------------------------------------------------------------------
  {
    topic: 'coupon_use', type: 'how_to', label: '쿠폰 사용 문의', weight: 2.5,
    bodies: [
      '{coupon} 어떻게 쓰는 거예요?',
      '쿠폰이랑 포인트 같이 쓸 수 있나요?',
      '{coupon} 유효기간이 언제까지인가요?',
      '[이벤트 쿠폰|쿠폰] 받았는데 어디서 확인해요?',
    ],
    titles: ['쿠폰 사용 방법 문의', '쿠폰 문의'],
    bot: ['쿠폰 사용법', '쿠폰 어디서 써요', '쿠폰'],
    memo: ['{coupon} 사용 방법 문의'],
    en: ['How do I use my coupon? I cannot find where to enter it.'],
  },
  {
    topic: 'point_use', type: 'how_to', label: '포인트 문의', weight: 2.5,
    bodies: [
      '포인트는 어디서 확인해요?',
      '적립금 {points} 있는데 [결제할 때|어디서] 쓰는 건가요?',
      '구매확정 하면 포인트 언제 들어와요?',
      '리뷰 쓰면 포인트 [준다던데|적립된다고 했는데] 아직 안 들어왔어요',
    ],
    titles: ['포인트 적립 문의', '적립금 사용 문의'],
    bot: ['포인트 확인', '적립금', '포인트 언제 들어와요'],
    memo: ['포인트 적립 시점 문의', '적립금 사용 방법 문의'],
    en: ['When will my reward points be added?'],
  },
  {
    topic: 'receipt', type: 'how_to', label: '영수증·증빙 문의', weight: 2, order: true,
    bodies: [
      '현금영수증 발행 어떻게 하나요?',
      '[회사 제출용으로|경비처리하려고] 영수증이 필요한데 어디서 뽑나요?',
      '세금계산서 발행 가능한가요? 사업자 회원입니다',
      '카드 매출전표 다시 받을 수 있을까요? 주문번호는 [{orderNo:이에요}|{orderNo}입니다]',
    ],
    titles: ['현금영수증 발행 문의', '세금계산서 요청', '영수증 재발행'],
    bot: ['영수증', '현금영수증', '세금계산서'],
    memo: ['현금영수증 발행 방법 문의', '세금계산서 발행 요청'],
    en: ['I need a receipt for my order {orderNo} for my company.'],
  },
  {
    topic: 'plan_change', type: 'how_to', label: '요금제 변경 문의', weight: 1.5,
    bodies: [
      '베이직에서 프로로 바꾸면 [요금은 어떻게 되나요?|차액만 내면 되나요?]',
      '{plan} 플랜이랑 다른 플랜 혜택이 뭐가 달라요?',
      '프로에서 베이직으로 내리면 [바로 적용돼요?|남은 기간은 어떻게 돼요?]',
    ],
    titles: ['요금제 변경 문의', '플랜 차이 문의'],
    bot: ['요금제 변경', '플랜 변경'],
    memo: ['{plan} 플랜 변경 및 요금 문의'],
    en: ['What is the difference between the Basic and Pro plans?'],
  },
  {
    topic: 'gift', type: 'how_to', label: '선물하기 문의', weight: 1,
    bodies: [
      '선물하기는 어떻게 해요? 받는 사람 주소 몰라도 되나요?',
      '선물 받은 {product} 다른 옵션으로 바꿀 수 있어요?',
    ],
    titles: ['선물하기 이용 문의'],
    bot: ['선물하기'],
    memo: ['선물하기 이용 방법 문의'],
  },
  {
    topic: 'membership_benefit', type: 'how_to', label: '멤버십 혜택 문의', weight: 1.5,
    bodies: [
      '소리멤버스 가입하면 무료배송 [몇 번까지|무제한]인가요?',
      '멤버십 [할인|적립] 혜택이 정확히 어떻게 돼요?',
      '가족이랑 멤버십 같이 쓸 수 있나요?',
    ],
    titles: ['멤버십 혜택 문의'],
    bot: ['멤버십 혜택', '무료배송 조건'],
    memo: ['소리멤버스 혜택 범위 문의'],
    en: ['Does the membership include free shipping on every order?'],
  },
  // ---- billing -------------------------------------------------------------------------------
  {
    topic: 'double_charge', type: 'billing', label: '이중 결제', weight: 2, order: true,
    bodies: [
      '결제가 두 번 됐어요. {card}[에서|로] {amount}씩 두 번 빠져나갔어요',
      '한 번 결제했는데 카드 문자가 두 개 왔어요[ㅠㅠ|;;|.] 확인 좀 해주세요',
      '주문은 하나인데 결제는 두 건이에요. 하나 취소해주세요',
    ],
    titles: ['중복 결제 확인 요청', '결제가 두 번 됐습니다'],
    bot: ['결제 두번 됨', '중복결제', '이중결제'],
    memo: ['{card} 이중 결제 확인 요청({amount})'],
    en: ['I was charged twice for one order. Please refund one of them.'],
  },
  {
    topic: 'subscription_charged', type: 'billing', label: '해지 후 결제', weight: 2.5,
    bodies: [
      '[해지했는데|구독 해지 신청했는데] 이번 달 요금이 또 결제됐어요. [환불해주세요|어떻게 된 거죠?]',
      '무료체험 끝나고 자동결제 된다는 [얘기 못 들었어요|안내를 못 받았어요]. 바로 환불 가능한가요?',
      '멤버십 [쓴 적도 없는데|가입한 기억도 없는데] 매달 돈이 나가고 있어요',
    ],
    titles: ['해지 후 요금 청구', '자동결제 환불 요청', '원치 않는 정기결제'],
    bot: ['해지했는데 결제됨', '자동결제 환불', '멤버십 결제 취소'],
    memo: ['해지 신청 후 정기결제 발생 항의', '무료체험 종료 후 자동결제 환불 요청'],
    en: ['I cancelled my membership but I was still charged this month.'],
    app: ['해지했는데 돈이 또 빠져나갔어요', '무료체험 끝나고 말도 없이 결제됨'],
  },
  {
    topic: 'card_change', type: 'billing', label: '결제수단 변경', weight: 1.5,
    bodies: [
      '정기결제 카드 변경은 어디서 하나요?',
      '[카드가 재발급돼서|카드를 잃어버려서] 결제 카드 바꿔야 하는데 메뉴를 못 찾겠어요',
    ],
    titles: ['결제 카드 변경 문의'],
    bot: ['카드 변경', '결제수단 변경'],
    memo: ['정기결제 카드 변경 방법 문의'],
  },
  {
    topic: 'wrong_amount', type: 'billing', label: '결제 금액 오류', weight: 1.5, order: true,
    bodies: [
      '쿠폰 적용했는데 결제 금액이 [{amount:으로} 나왔어요|{amount:이} 찍혔어요]. 할인 금액이 이상한 것 같아요',
      '배송비가 [두 번|이중으로] 붙었어요. 같은 주문인데요',
      '상품 페이지에서 본 가격이랑 결제된 금액이 달라요',
    ],
    titles: ['결제 금액 확인 요청', '배송비 중복 청구'],
    bot: ['결제 금액이 이상해요', '배송비 두번'],
    memo: ['결제 금액 불일치 문의', '배송비 중복 청구 확인'],
  },
  // ---- account -------------------------------------------------------------------------------
  {
    topic: 'password_reset', type: 'account', label: '비밀번호 재설정', weight: 3,
    bodies: [
      '비밀번호를 까먹었어요. [재설정 메일이 안 와요|찾기 눌러도 문자가 안 와요]',
      '비번 재설정 링크 눌렀는데 "만료된 링크"래요',
      '비밀번호 변경하려는데 [현재 비밀번호가 틀렸대요|조건이 너무 까다로워요]',
    ],
    titles: ['비밀번호 재설정 문의', '비밀번호 찾기 안 됨'],
    bot: ['비밀번호 찾기', '비번 변경', '비밀번호 재설정'],
    memo: ['비밀번호 재설정 메일 미수신'],
    en: ["I didn't receive the password reset email."],
  },
  {
    topic: 'phone_change', type: 'account', label: '휴대폰 번호 변경', weight: 1.5,
    bodies: [
      '휴대폰 번호가 바뀌었는데 본인인증이 [안 돼요|예전 번호로 가요]. 새 번호는 [{phone:이에요}|{phone}입니다]',
      '번호 변경해야 하는데 예전 번호로 인증 문자가 가요',
    ],
    titles: ['휴대폰 번호 변경', '본인인증 번호 변경'],
    bot: ['번호 변경', '휴대폰 번호 바꾸기'],
    memo: ['휴대폰 번호 변경 후 본인인증 불가'],
  },
  {
    topic: 'withdrawal', type: 'account', label: '회원 탈퇴', weight: 2,
    bodies: [
      '회원탈퇴 하고 싶어요. [어디서 하나요?|메뉴가 안 보여요]',
      '탈퇴하면 [남은 포인트는 어떻게 돼요?|주문 내역도 다 지워지나요?]',
      '탈퇴 처리 부탁드립니다. [개인정보도 다 삭제해주세요|광고 문자도 그만 보내주세요]',
    ],
    titles: ['회원 탈퇴 요청', '탈퇴 문의'],
    bot: ['회원탈퇴', '탈퇴하고 싶어요'],
    memo: ['회원 탈퇴 방법 문의', '탈퇴 및 개인정보 삭제 요청'],
    en: ['Please delete my account and personal data.'],
  },
  {
    topic: 'dormant', type: 'account', label: '휴면 계정', weight: 1,
    bodies: ['휴면계정이라고 로그인이 안 돼요. 풀려면 어떻게 해요?', '오랜만에 들어왔더니 휴면 상태래요. 포인트 그대로 있나요?'],
    titles: ['휴면 계정 해제 문의'],
    bot: ['휴면 해제', '휴면계정'],
    memo: ['휴면 계정 해제 방법 문의'],
  },
  {
    topic: 'account_merge', type: 'account', label: '계정 통합', weight: 0.7,
    bodies: ['카카오로 가입한 계정이랑 이메일 계정이랑 합칠 수 있나요?', '계정이 두 개인데 포인트를 한쪽으로 모을 수 있어요?'],
    titles: ['계정 통합 문의'],
    bot: ['계정 합치기'],
    memo: ['SNS 계정과 이메일 계정 통합 문의'],
  },
  {
    topic: 'hacked', type: 'account', label: '계정 도용 의심', weight: 0.5, order: true,
    bodies: [
      '제가 안 한 주문이 들어가 있어요. [해킹당한 것 같아요|누가 제 계정 쓴 것 같아요]. 주문번호 {orderNo}',
      '모르는 기기에서 로그인했다는 알림이 왔어요. [제가 아닌데요|어떻게 해야 하나요?]',
    ],
    titles: ['계정 도용 신고', '본인이 하지 않은 주문'],
    bot: ['해킹', '계정 도용'],
    memo: ['본인 외 주문 발생, 계정 도용 의심 신고'],
    en: ['Someone placed an order on my account. I did not order {orderNo}.'],
  },
  // ---- delivery / order ----------------------------------------------------------------------
  {
    topic: 'delivery_delay', type: 'delivery', label: '배송 지연', weight: 7, order: true,
    bodies: [
      '{dateAt} 주문했는데 아직도 [배송 준비중이에요|출고가 안 됐어요|안 왔어요]',
      '배송이 {waited} [안 오고 있어요|멈춰 있어요]. [언제 받을 수 있나요?|도대체 언제 와요?]',
      '{dateAhead}까지 꼭 받아야 하는데 아직 출고 전이라고 나와서요. [가능할까요?|빨리 좀 보내주세요]',
      '송장번호는 나왔는데 {courier}에서 조회가 [안 돼요|3일째 그대로예요]',
      '주문번호 {orderNo} 배송 언제 되나요?',
      '오늘 도착 예정이었는데 [아직 안 왔어요|배송 예정일이 또 밀렸어요]',
      '{product} 주문한 지 {span} 됐는데 [소식이 없네요|아직도 상품 준비중이래요]',
    ],
    titles: ['배송 지연 문의', '언제 배송되나요', '배송 문의', '주문한 상품이 안 와요'],
    bot: ['배송조회', '배송 언제 와요', '배송지연', '아직 안와요'],
    memo: ['{date} 주문 건 미출고 문의', '배송 지연 항의({waited})', '{courier} 집하 후 이동 없음 문의'],
    en: ['I ordered {dateEn} and my package still has not arrived.', 'When will my order {orderNo} be shipped?'],
    app: ['배송이 너무 느려요', '배송 지연이 너무 잦아요'],
  },
  {
    topic: 'wrong_item', type: 'delivery', label: '오배송', weight: 2.5, order: true,
    bodies: [
      '{product} 시켰는데 [엉뚱한 게|다른 상품이] 왔어요',
      '{wear} [색상이|옵션이] 다르게 왔어요. {color} 주문했는데 {color2:이} 왔네요',
      '{wear} 사이즈 {size} 주문했는데 {size2:이} 왔어요. [교환해주세요|어떻게 해야 하나요?]',
      '주문한 거랑 다른 상품이 왔어요. [사진 첨부할게요|교환 부탁드려요|이거 누구 거예요?]',
    ],
    titles: ['오배송 문의', '다른 상품이 왔어요', '주문과 다른 상품 수령'],
    bot: ['다른 상품이 왔어요', '오배송'],
    memo: ['{product} 오배송, 회수 및 재발송 요청', '{wear} 옵션({color}) 오배송 접수'],
    en: ['I received the wrong item. This is not what I ordered.'],
  },
  {
    topic: 'missing_item', type: 'delivery', label: '상품 누락', weight: 1.5, order: true,
    bodies: [
      '[세트로 주문했는데|두 개 주문했는데] 하나가 [빠져 있어요|누락됐어요]',
      '택배 상자에 {product2}만 들어 있고 {product:은} 없어요',
      '{product} {count} 개 시켰는데 하나만 왔어요. 따로 오는 건가요?',
    ],
    titles: ['상품 누락 문의', '구성품 누락'],
    bot: ['상품 누락', '하나가 안왔어요'],
    memo: ['합포장 건 {product} 누락 신고'],
  },
  {
    topic: 'damaged', type: 'delivery', label: '파손', weight: 2, order: true,
    bodies: [
      '{fragile} 받았는데 [박스가 다 찌그러져 있고|포장 뜯어보니] [깨져 있어요|파손돼 있어요]',
      '[유리병이 깨져서|액체가 새서] 다른 물건까지 다 젖었어요',
      '{fresh} [상해서 왔어요|녹아서 왔어요|냄새가 이상해요]. 아이스팩도 다 녹아 있었어요',
    ],
    titles: ['파손 상품 수령', '상품 파손 교환 요청', '신선식품 상태 불량'],
    bot: ['파손', '깨져서 왔어요', '상품이 상했어요'],
    memo: ['{fragile} 파손 수령, 사진 요청 후 재발송 처리', '신선식품({fresh}) 변질 수령 항의'],
    en: ['My order arrived damaged. The box was crushed.'],
  },
  {
    topic: 'exchange', type: 'delivery', label: '교환', weight: 3.5, order: true,
    bodies: [
      '{wear} 사이즈 교환하고 싶어요. {size}에서 {size2:으로} 바꿀게요',
      '교환 신청했는데 [회수가 안 와요|기사님이 안 오세요]',
      '교환 배송비는 누가 내나요? [불량인데요|단순 변심이에요]',
      '{wear} {color2:으로} 교환 가능한가요? 입어보니까 색이 [너무 튀어요|생각이랑 달라요]',
    ],
    titles: ['교환 신청', '사이즈 교환 문의', '교환 회수 지연'],
    bot: ['교환', '사이즈 교환', '교환 신청'],
    memo: ['{wear} 사이즈 교환({size}→{size2}) 접수', '교환 회수 미방문 문의'],
    en: ['Can I exchange this for a different size? It is too small.'],
  },
  {
    topic: 'return', type: 'delivery', label: '반품', weight: 2.5, order: true,
    bodies: [
      '반품 신청 어떻게 해요?',
      '반품 접수했는데 [{span} 지나도|아직] 회수를 안 가져가요',
      '[단순 변심인데|마음에 안 들어서] 반품 가능할까요? [택도 안 뗐어요|포장 그대로예요]',
    ],
    titles: ['반품 신청 문의', '반품 회수 요청'],
    bot: ['반품', '반품 신청', '반품 회수'],
    memo: ['반품 회수 지연 문의', '단순 변심 반품 가능 여부 문의'],
    en: ['How do I return an item?'],
  },
  {
    topic: 'not_received', type: 'delivery', label: '배송완료 미수령', weight: 2, order: true,
    bodies: [
      '배송 완료로 떴는데 [물건을 못 받았어요|문 앞에 없어요]',
      '경비실에도 없고 [택배함에도 없어요|이웃집에도 물어봤어요]. 배송 완료라는데 어디 있죠?',
      '배송완료 사진이 [우리 집이 아니에요|다른 집 문 앞이에요]',
    ],
    titles: ['배송완료인데 못 받았어요', '택배 분실 문의'],
    bot: ['배송완료인데 안옴', '택배 분실'],
    memo: ['배송완료 처리 후 미수령, {courier} 확인 요청'],
    en: ['It says delivered but I never got the package.'],
  },
  {
    topic: 'address_change', type: 'delivery', label: '배송지 변경', weight: 2, order: true,
    bodies: [
      '배송지 변경 가능한가요? [주소를 잘못 썼어요|이사 가서요|회사로 받고 싶어요]',
      '출고 전이면 주소 바꿀 수 있죠? 주문번호 {orderNo}',
    ],
    titles: ['배송지 변경 요청', '주소 변경 문의'],
    bot: ['배송지 변경', '주소 변경'],
    memo: ['출고 전 배송지 변경 요청'],
    en: ['I need to change my delivery address for order {orderNo}.'],
  },
  {
    topic: 'order_change', type: 'delivery', label: '주문 옵션 변경', weight: 1.5, order: true,
    bodies: [
      '{wear} 옵션 변경 가능한가요? {size:으로} 주문했는데 {size2:으로} 바꾸고 싶어요',
      '{product} 수량 하나 더 추가하고 싶은데 [주문 수정이 되나요?|새로 주문해야 하나요?]',
    ],
    titles: ['주문 옵션 변경 문의'],
    bot: ['옵션 변경', '주문 수정'],
    memo: ['출고 전 옵션 변경 요청'],
  },
  {
    topic: 'tracking', type: 'delivery', label: '배송 조회', weight: 1, order: true,
    bodies: ['배송조회가 안 돼요. 운송장 번호가 없다고 나와요', '송장번호 어디서 봐요?'],
    titles: ['배송 조회 문의'],
    bot: ['송장번호', '배송조회 안됨'],
    memo: ['운송장 조회 불가 문의'],
  },
  // ---- cancellation / refund -----------------------------------------------------------------
  {
    topic: 'order_cancel', type: 'cancellation', label: '주문 취소', weight: 5, order: true,
    bodies: [
      '주문 취소하고 싶어요. [아직 출고 전이죠?|잘못 주문했어요|다른 데서 더 싸게 팔아서요]',
      '취소 버튼이 [안 보여요|비활성화돼 있어요]. 주문번호 {orderNo}',
      '[실수로 두 번 주문해서|옵션을 잘못 골라서] 하나 취소할게요',
      '{product} 주문 취소해주세요. [급하게 필요했는데 늦어질 것 같아서요|마음이 바뀌었어요]',
    ],
    titles: ['주문 취소 요청', '취소 문의'],
    bot: ['주문취소', '취소하고 싶어요', '주문 취소'],
    memo: ['출고 전 주문 취소 요청', '중복 주문 건 취소 요청'],
    en: ['Please cancel my order {orderNo}.'],
  },
  {
    topic: 'refund', type: 'cancellation', label: '환불', weight: 6, order: true,
    bodies: [
      '환불 [언제 돼요?|언제 들어와요?] 취소한 지 {span} 됐어요',
      '반품 완료됐다는데 환불이 아직 안 들어왔어요. {amount}[이요|입니다]',
      '[카드 취소가|환불이] 부분만 됐어요. 나머지 금액은요?',
      '무통장으로 결제했는데 환불은 어떻게 받아요? {bank} 계좌 {acct}[입니다|로 부탁드려요]',
      '환불 계좌 [등록했어요|변경하려고요]. 계좌번호 {acct} {bank:이에요}',
    ],
    titles: ['환불 요청', '환불 지연 문의', '환불 계좌 등록'],
    bot: ['환불 언제', '환불', '환불 조회'],
    memo: ['환불 지연 문의({span} 경과)', '부분 환불 확인 요청', '무통장 결제 건 환불 계좌 접수'],
    en: ["I returned the item {spanEn} ago and still haven't got my refund."],
  },
  {
    topic: 'subscription_cancel', type: 'cancellation', label: '멤버십 해지', weight: 6, reasons: true,
    bodies: [
      '소리멤버스 해지하려고요. {reason}',
      '[구독|멤버십|정기결제] 해지 [부탁드립니다|하고 싶어요|어떻게 해요?] {reason}',
      '{plan} 플랜 해지 신청합니다. 사유는 {reason}',
      '{reason}. [해지할게요|해지 부탁드려요]. [남은 기간 환불되나요?|위약금 같은 거 있나요?|다음 결제 전에 처리해주세요]',
    ],
    titles: ['멤버십 해지 요청', '구독 해지 신청', '해지 문의'],
    bot: ['해지', '멤버십 해지', '구독 취소'],
    memo: ['멤버십 해지 요청, 사유: {reasonLabel}', '{plan} 플랜 해지 문의({reasonLabel})'],
    en: ["I'd like to cancel my membership."],
  },
  // ---- complaint -----------------------------------------------------------------------------
  {
    topic: 'agent_attitude', type: 'complaint', label: '상담 태도 불만', weight: 1,
    bodies: [
      '[상담원이|상담사분이] 너무 불친절해요. [말 끊고|대충 대답하고] [끊어버렸어요|채팅 종료했어요]',
      '같은 얘기를 [세 번째|몇 번째] 하는 건지 모르겠어요. [담당자 바뀔 때마다|문의할 때마다] 처음부터 설명해야 하나요?',
    ],
    titles: ['상담 응대 불만', '상담원 불친절'],
    bot: ['상담원 불친절', '책임자 연결'],
    memo: ['이전 상담 응대 불만 제기, 팀장 통화 요청'],
    en: ['The agent was rude and ended the chat without solving anything.'],
  },
  {
    topic: 'slow_response', type: 'complaint', label: '답변 지연', weight: 1.5,
    bodies: [
      '문의 남긴 지 {span} 됐는데 답이 없네요',
      '전화 연결이 [너무 안 돼요|30분째 대기 중이에요]. 채팅도 답이 없고요',
      '1:1 문의 [답변 언제 달려요?|몇 번 남겼는데 다 무시하시네요]',
    ],
    titles: ['답변이 없습니다', '문의 답변 지연'],
    bot: ['상담원 연결', '사람이랑 얘기하고 싶어요'],
    memo: ['1:1 문의 답변 지연 항의', '전화 연결 대기 장시간 불만'],
    en: ['I have been waiting {spanEn} for an answer.'],
    app: ['고객센터 연결이 안 돼요', '문의해도 답이 없음'],
  },
  {
    topic: 'price_increase', type: 'complaint', label: '가격 인상 불만', weight: 1,
    bodies: [
      '[멤버십|배송비] 가격 올린다는 공지 봤는데 [너무하네요|기존 회원은 유지해주세요]',
      '요즘 상품 가격이 [계속 오르네요|다른 데보다 비싸요]. 멤버십 혜택도 줄었고요',
    ],
    titles: ['가격 인상 불만'],
    bot: ['가격 인상'],
    memo: ['멤버십 요금 인상 불만'],
    app: ['가격 너무 올랐어요', '멤버십 요금 인상 실망'],
  },
  {
    topic: 'ads_push', type: 'complaint', label: '광고 알림 과다', weight: 1,
    bodies: [
      '광고 [알림|문자] 너무 많이 와요. [하루에 몇 개씩 와요|수신거부 했는데도 와요]',
      '[새벽에|밤 11시에] 광고 푸시 보내는 거 너무한 거 아닌가요',
    ],
    titles: ['광고 수신 거부', '광고 알림 과다'],
    bot: ['광고 그만', '수신거부'],
    memo: ['광고성 알림 과다 불만, 수신 거부 처리'],
    en: ['Too many marketing notifications. Please stop.'],
    app: ['광고 알림 너무 많아요', '푸시 광고 폭탄'],
  },
  {
    topic: 'product_quality', type: 'complaint', label: '상품 품질 불만', weight: 1.5, order: true,
    bodies: [
      '{product} [품질이 너무 별로예요|한 번 쓰고 고장 났어요|사진이랑 완전 달라요]',
      '{product} [냄새가 너무 심해요|마감이 엉망이에요|유통기한이 얼마 안 남았어요]. 이런 걸 파시면 어떡해요',
    ],
    titles: ['상품 불량 문의', '품질 불만'],
    bot: ['불량', '상품 불량'],
    memo: ['{product} 품질 불만, 불량 접수'],
    en: ['The product broke after one use.'],
  },
  // ---- praise --------------------------------------------------------------------------------
  {
    topic: 'agent_praise', type: 'praise', label: '상담 칭찬', weight: 1.5,
    bodies: [
      '{agent} 상담사님 [너무 친절하셨어요|덕분에 금방 해결했어요]. [감사합니다|칭찬해주세요]!',
      '지난번에 [환불|교환] 건 빨리 처리해주셔서 감사해요. 덕분에 기분 좋게 쇼핑했어요',
    ],
    titles: ['상담사 칭찬합니다', '감사 인사'],
    bot: ['감사합니다'],
    memo: ['이전 상담({agent}) 칭찬 전달'],
    en: ['Thank you, {agent} was very helpful!'],
  },
  {
    topic: 'delivery_fast', type: 'praise', label: '배송 만족', weight: 0.8,
    bodies: ['[주문한 다음 날|하루 만에] 왔어요. 배송 빨라서 좋아요', '새벽배송 [진짜 편해요|최고예요]. 앞으로도 잘 부탁드려요'],
    titles: ['배송 빨라요'],
    bot: ['배송 빨라요'],
    memo: ['배송 속도 만족 의견'],
  },
  {
    topic: 'service_good', type: 'praise', label: '서비스 만족', weight: 0.8,
    bodies: ['항상 잘 쓰고 있어요. [번창하세요|앞으로도 잘 부탁드려요]', '멤버십 혜택 덕분에 [생활비 많이 아꼈어요|잘 쓰고 있어요]. 감사합니다'],
    titles: ['서비스 만족'],
    bot: ['고마워요'],
    memo: ['서비스 전반 만족 의견'],
  },
];

/** Why members leave; `controllable` reasons are ones the company could have prevented. */
export const CANCEL_REASONS: readonly { code: string; label: string; controllable: boolean; weight: number; phrases: string[] }[] = [
  { code: 'price', label: '가격 부담', controllable: true, weight: 5, phrases: ['요즘 [너무 비싸져서요|가격이 올라서 부담돼요|월 요금이 부담스러워서요]', '다른 데가 더 싸서요', '[혜택에 비해|쓰는 거에 비해] 요금이 비싸요'] },
  { code: 'low_usage', label: '이용 빈도 낮음', controllable: true, weight: 4, phrases: ['생각보다 [잘 안 쓰게 돼서요|주문을 자주 안 해서요]', '한 달에 한 번도 안 써서요'] },
  { code: 'quality', label: '품질 불만', controllable: true, weight: 2, phrases: ['상품 품질이 [예전 같지 않아서요|기대 이하라서요]', '신선식품이 [자꾸 상해서 와서요|상태가 별로라서요]'] },
  { code: 'service', label: '서비스 불만', controllable: true, weight: 2, phrases: ['[상담이 너무 불친절해서|문의해도 답이 없어서] 더 못 쓰겠어요', '배송이 [맨날|자꾸] 늦어서요'] },
  { code: 'competitor', label: '타사 이동', controllable: true, weight: 2, phrases: ['다른 멤버십으로 옮기려고요', '다른 쇼핑몰 멤버십이 혜택이 더 좋아서요'] },
  { code: 'closure', label: '폐업', controllable: false, weight: 1, phrases: ['가게를 폐업하게 돼서요', '사업을 정리하게 돼서 더 이상 필요 없어요'] },
  { code: 'moving', label: '이사', controllable: false, weight: 1.5, phrases: ['{city:으로} 이사 가는데 거긴 배송이 안 된다고 해서요', '[이사 가게 돼서요|이민 가게 돼서요]'] },
  { code: 'military', label: '군입대', controllable: false, weight: 1, phrases: ['[군대 가게 돼서요|다음 달에 입대해요|군입대 때문에요]', '아들이 군대 가서 이제 쓸 사람이 없어요'] },
  { code: 'study_abroad', label: '해외 체류', controllable: false, weight: 0.5, phrases: ['유학 가게 돼서요', '[해외 파견|장기 출장] 가게 돼서요'] },
];
