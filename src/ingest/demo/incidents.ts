// Incidents the demo dataset contains, so trend and cluster views have something to find.

import type { Channel } from '../../domain/item.js';

export interface IncidentSpec {
  key: string;
  name: string;
  description: string;
  /** First day, counted back from the dataset's last day (0 = the last day). */
  startDaysBeforeEnd: number;
  /** Extra inquiries per day of the incident, as a share of that day's normal volume. */
  extraShare: readonly number[];
  /** KST hour the incident starts on its first day and ends on its last day. */
  startHour: number;
  endHour: number;
  topic: string;
  /** Wording customers use during the incident (besides the topic's usual wording). */
  bodies: string[];
  channels: readonly (readonly [Channel, number])[];
  /** Some incident inquiries are about something else it caused (cancellations after a delay). */
  spill?: { topic: string; share: number; bodies: string[] };
  /** App version to mention while the incident lasts. */
  appVersion?: string;
  /**
   * Weekdays (0 = Sunday) the incident can start on: a release or a policy goes out on a working
   * day, so its first day moves (up to six days) to the nearest one that is not a holiday.
   */
  startsOn?: readonly number[];
  /** Move the start forward instead (a policy takes effect on the next working day). */
  startsLater?: boolean;
}

export const INCIDENTS: readonly IncidentSpec[] = [
  {
    key: 'login_outage',
    name: '앱 5.13.0 로그인 장애',
    description:
      '앱 5.13.0(iOS·Android) 배포 후 인증 토큰 갱신 오류로 일부 고객이 로그인하지 못함. 다음 날 오후 5.13.1 핫픽스로 해결.',
    startDaysBeforeEnd: 21,
    extraShare: [0.7, 0.25],
    startHour: 9.67,
    endHour: 15.33,
    topic: 'login',
    appVersion: '5.13.0',
    startsOn: [2, 3, 4], // releases go out Tuesday to Thursday
    bodies: [
      '업데이트하고 나서 로그인이 [아예|] 안 돼요[|ㅠㅠ|;;|.]',
      '{appVersion} 업데이트 후로 로그인하면 "{errorMsg}" 뜨면서 [튕겨요|다시 처음 화면이에요]',
      '[방금|아침부터|오늘 아침부터] 로그인이 안 되는데 [저만 그런가요|서버 문제인가요|혹시 장애인가요]?',
      '로그인 버튼 누르면 [계속 뺑뺑이 돌아요|화면이 하얘져요|아무 반응이 없어요]. 결제해야 하는데 [어떡하죠|급해요]',
      '카카오로 로그인하는데 "인증에 실패했습니다" 나오고 [진행이 안 돼요|더 이상 안 넘어가요]',
      '앱 켜자마자 로그아웃되고 다시 로그인하면 오류나요',
      '로그인 안됨. 업뎃하고 나서부터[임|요]',
      '[장바구니에 담아둔 거|쿠폰] 써야 하는데 로그인이 안 돼서 [아무것도 못 하고 있어요|주문을 못 하고 있어요]',
      '비밀번호 재설정까지 했는데도 로그인 안 돼요. 오늘 다른 사람들도 그렇다던데[요|]',
      '[자동 로그인 풀려서|로그아웃됐길래] 다시 로그인하려니까 안 돼요. {device} 쓰고 있어요',
      "Since today's update I can't sign in at all. It just says \"Authentication failed (E401)\".",
    ],
    channels: [['chat', 40], ['board', 13], ['app_store', 20], ['phone', 10], ['chatbot', 12], ['email', 5]],
  },
  {
    key: 'delivery_delay_week',
    name: '물류센터 출고 지연',
    description:
      '수도권 물류센터 WMS(창고관리시스템) 전환 작업으로 일주일간 출고가 2~5일 지연. 지연 안내 문자 발송, 지연 보상 쿠폰 지급.',
    startDaysBeforeEnd: 42,
    extraShare: [0.15, 0.25, 0.3, 0.3, 0.25, 0.2, 0.15],
    startHour: 8,
    endHour: 20,
    topic: 'delivery_delay',
    bodies: [
      '[일주일 전에|{dateAt}] 주문한 {product} [아직도|여태] 출고 전이에요. [물류센터 문제라는데|지연 문자만 오고] 언제 오나요?',
      '배송 지연 안내 문자 받았는데 정확히 언제 출고되는지 [알려주세요|알 수 있을까요]?',
      '[선물용이라|아이 생일 선물이라] 날짜 맞춰서 시킨 건데 지연되면 어떡해요ㅠㅠ',
      '다른 데서는 이틀이면 오는데 여긴 왜 이렇게 늦어요. {span}째 기다리고 있어요',
      '배송 지연 보상 같은 건 없나요? {span} 넘었어요',
      '주문번호 {orderNo} 출고 지연이라는데 [언제쯤 받을 수 있을까요|정확한 날짜 알려주세요]',
      '[요즘|이번 주] 배송 왜 이렇게 늦어요? [주문한 게 다|두 건 다] 아직 준비중이에요',
    ],
    channels: [['chat', 45], ['board', 18], ['phone', 15], ['chatbot', 15], ['email', 5], ['app_store', 2]],
    spill: {
      topic: 'order_cancel',
      share: 0.15,
      bodies: [
        '배송이 너무 늦어져서 그냥 취소할게요. 주문번호 {orderNo}',
        '[일주일째|열흘째] 출고도 안 돼서 취소 요청합니다',
        '지연된다는 문자 받았는데 기다릴 수가 없어서 취소하려고요. [다른 데서 샀어요|급한 거라서요]',
      ],
    },
  },
  {
    key: 'coupon_policy',
    name: '쿠폰 중복 사용 제한 정책 변경',
    description:
      '할인 쿠폰과 장바구니 쿠폰을 함께 쓸 수 없도록 정책을 바꾼 뒤, 안내가 결제 화면에만 있어 "쿠폰이 적용되지 않는다"는 문의가 몇 주째 늘고 있음. 장애가 아니라 정책과 안내의 문제라 저절로 줄지 않음.',
    startDaysBeforeEnd: 19,
    // Not a spike: a step that keeps growing as more customers run into the rule.
    extraShare: [0.03, 0.04, 0.05, 0.05, 0.06, 0.06, 0.07, 0.07, 0.07, 0.08, 0.08, 0.08, 0.09, 0.09, 0.09, 0.09, 0.09],
    startHour: 10,
    endHour: 22,
    topic: 'coupon_error',
    startsOn: [1, 2, 3, 4, 5],
    startsLater: true,
    bodies: [
      '{coupon}이랑 장바구니 쿠폰을 같이 쓰려는데 [하나만 적용돼요|하나가 자동으로 빠져요]. 전에는 됐는데요?',
      '쿠폰 [두 장|두 개] 같이 적용이 안 되네요. 언제부터 [바뀐 건가요|이렇게 된 거예요]?',
      '결제하려고 보니 쿠폰 중복 사용이 안 된다고 [나와요|뜨네요]. [공지도 못 봤는데요|미리 알려줬어야죠]',
      '[이벤트|앱 푸시] 보고 쿠폰 받았는데 다른 쿠폰이랑 같이 못 쓰면 [의미가 없잖아요|무슨 소용이에요]',
      '쿠폰 하나 적용하니까 다른 쿠폰이 회색으로 [바뀌어요|비활성화돼요]. 오류인가요?',
      '중복 할인 안 되는 거면 [{coupon} 돌려주세요|주문 취소할게요]',
    ],
    channels: [['chat', 45], ['board', 20], ['chatbot', 20], ['phone', 8], ['email', 5], ['app_store', 2]],
  },
];
