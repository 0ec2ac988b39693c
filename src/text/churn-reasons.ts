import { CANCELLATION_TYPE, CHURN_REASONS, churnReasonNamed, LEAVE_TYPE, ORDER_CANCELLATION, UNKNOWN_CHURN_REASON } from '../domain/churn-reasons.js';

/*
 * Why a customer cancels, from their own words (가격이 부담돼서, 폐업하게 돼서, moving abroad).
 *
 * Rules. A Korean rule is a short sequence of word stems ("앱 … 느리|느려|멈추"), its parts at most
 * GAP characters apart within one clause, so particles, adverbs and other endings may come between
 * them (앱이 요즘 너무 느려서, 배송이 매번 늦게); stems, not whole verb forms (갈아타|갈아탈|갈아탔,
 * 안 쓰|쓰질 않). Each part is an alternation of literals, parts joined by a bounded gap
 * (`GAP_CHAR{0,GAP}`, one fixed look-ahead per character): no nested or unbounded quantifiers, so a
 * rule costs a bounded amount of work per character — VOC text is anyone's, and a 100k-character
 * message must not stall ingest (the test reads such texts). 요금제 is a plan's name, not a price
 * complaint: only what is said of it counts (요금제가 비싸요).
 *
 * Evidence. A match counts unless the words after it take it back: "… 건/때문은/는/가 아니고",
 * "가격은 문제 아닌데"; for an involuntary event also "이사는 안 가요", "이사 갈 일 없어요", "이사까지
 * 가진 않는데", "이사 가서도 계속 쓰려고"; for a bare topic word (weight 1: 가격, 품질) a good word
 * about it ("가격은 괜찮은데"); for a service complaint a note on why the customer writes here
 * ("전화 연결이 안 돼서 여기 남겨요"). Titles are no event (이사님, 대표이사, 이사회), nor 이 사과
 * written together. A statement (2) is worth more than a bare topic word (1); matches that overlap or
 * touch are one statement (가격이 비싸 / 비싸 / 가격), and one rule is read at most MAX_PER_RULE times.
 *
 * Decision. A reason's score is the sum of its statements. An involuntary reason (a move, a closure,
 * military service …) is usually the cause and a complaint alongside it its consequence ("이사 가는
 * 곳이 배송 지역이 아니고 요금도 비싸서"), so the best involuntary reason wins unless the best
 * controllable one scores more than INVOLUNTARY_BONUS above it (two separate complaints of one kind
 * against one mention of a move). Between reasons of one kind the higher score wins; on a tie a
 * motive (price, quality, product, service, usage) beats the switch to a competitor it led to
 * ("switched to another service with better prices" is a price reason), then the one stated as a
 * cause (…해서, 때문에), then the one stated first. The order of CHURN_REASONS never decides.
 */

/** Characters a rule's parts may be apart: particles and an adverb or two, never past a clause's end. */
const GAP = 12;
// One gap character: not a sentence's end, and no clause boundary (…는데, …지만, a comma) starts here.
const GAP_CHAR = '(?:(?!는데|은데|지만|근데|그런데|그리고)[^.!?,;\\n])';

/** A Korean rule: its parts (alternations of literal stems) in order, each at most GAP characters after the last. */
function ko(...parts: string[]): RegExp {
  return new RegExp(parts.map((p) => `(?:${p})`).join(`${GAP_CHAR}{0,${GAP}}`), 'g');
}
/** An English rule: one pattern, case aside. */
function en(source: string): RegExp {
  return new RegExp(source, 'gi');
}

interface Rule {
  re: RegExp;
  /** 2: a statement of the reason (비싸서, 앱이 느려서); 1: a bare topic word (가격, 품질, 배송). */
  weight: 1 | 2;
}
const strong = (...res: RegExp[]): Rule[] => res.map((re) => ({ re, weight: 2 }));
const weak = (...res: RegExp[]): Rule[] => res.map((re) => ({ re, weight: 1 }));

// 이사 the move, not 이사님 / 대표이사 / 이사회 (a title, a board) nor 이 사과 / 이 사이트 / 이 사람 written together.
const MOVE = '(?<!대표\\s?|상무\\s?|전무\\s?|사외\\s?|상임\\s?|감사\\s?)이사(?!님|장|회|진|직|께|과|람|이트|용|항)';
const PRICE_NOUN = '가격|요금|구독료|구독비|이용료|이용비|사용료|연회비|월회비|회비|월정액|정가|금액|비용|배송비|택배비|멤버십\\s?비|값|단가|수수료';

const RULES: Record<string, Rule[]> = {
  closure: [
    ...strong(
      /폐업|휴업|폐점|폐원|영업\s?(?:을\s?)?(?:종료|중단)|문\s?(?:을\s?)?닫/g,
      ko('사업|자영업|가게|매장|식당|카페|점포|장사|영업|운영|공방|학원|스토어|쇼핑몰|가맹점|사업장', '접|정리하|정리했|정리해|정리합|정리하게|닫|그만두|그만 두|그만하|종료|철수'),
      ko('가게|매장|점포|사무실|사업장', '빼요|빼게|빼서|뺍니|뺐|비워|내놓|양도|넘겼|넘기게|넘깁'),
      ko('회사|법인', '폐업|청산|파산|부도|망했|망해'),
      en('\\b(?:clos(?:e|ed|es|ing)|shut(?:ting)? down|wind(?:ing)? down)\\s+(?:down\\s+)?(?:my|our|the)\\s+(?:business|shop|store|restaurant|company|cafe|office)|\\b(?:business|shop|store|restaurant|company)\\s+(?:is\\s+|was\\s+|has\\s+)?(?:closing|closed|shutting down|shut down)|out of business|wind(?:ing)? down (?:our |the )?(?:operations|business)|clos(?:e|ing) (?:our|the) doors'),
    ),
  ],
  moving: [
    ...weak(ko('배송|배달|서비스', '안\\s?되는\\s?지역|불가\\s?지역|지역이\\s?아니|지역\\s?밖')),
    ...strong(
    new RegExp(MOVE, 'g'),
    /이삿(?:날|짐|집|센터)|신혼집|새\s?집(?:으로|에|이)|(?:으로|로)\s?(?:내려가|내려갑|내려간|내려와|올라가|올라갑|올라와)/g,
    /이민\s?(?:을\s?)?(?:가|갈|간|갔|갑|하|해|했|합|준비|신청|수속|와|왔|오)|이민으로|귀농|귀촌/g,
    ko('해외|지방|제주|외국|시골', '이주'),
    ko('집|거처|거주지|사는\\s?곳|살던\\s?곳|주소지', '옮기|옮겨|옮겼|옮길|옮깁|이전|바뀌|바뀐|바꾸|바꿨'),
    ko('지방|시골|고향|본가|친정|시댁|부모님\\s?(?:댁|집)|다른\\s?(?:지역|도시|동네)|배송\\s?(?:불가\\s?)?지역\\s?밖', '내려가|내려갑|내려간|내려왔|옮기|옮겨|옮겼|옮길|들어가|들어갑|떠나|이동'),
    en('\\bmov(?:e|ed|es|ing)\\s+(?:to\\s+(?!(?:a\\s+|an\\s+|another\\s+|the\\s+|our\\s+|my\\s+)?(?:different\\s+|other\\s+|new\\s+|cheaper\\s+|better\\s+)?(?:provider|service|app|company|plan|vendor|platform|competitor|tool|product|option|subscription)s?\\b)|abroad|away|house|out|overseas|back home|across)|\\brelocat|\\bemigrat'),
    ),
  ],
  military: strong(
    /군대|입대|입영|군\s?복무|훈련소|병역|징집|군\s?(?:에\s?)?(?:가게|가서|가요|갑니다|간다|갈|가야)/g,
    en('military service|\\benlist|\\bdrafted\\b|join(?:ing|ed)? the (?:army|military|navy|air force|marines)|basic training|boot camp'),
  ),
  abroad: [
    ...weak(ko('해외|외국', '나가|나갑|나간|떠나|떠납|살게|지내게|가게|가요|갑니다|가서'), ko('연수|파견', '가요|가게|갑니다|가서|떠나|나가')),
    ...strong(
    /유학|어학\s?연수|워킹\s?홀리데이|워홀|교환\s?학생|주재원|해외\s?(?:파견|출장|근무|체류|발령|주재|생활|연수|거주|취업)|장기\s?출장|출국/g,
    en('study(?:ing)? abroad|overseas (?:assignment|posting)|(?:going|living|working|staying) abroad|leaving the country|exchange student|working holiday'),
    ),
  ],
  deceased: strong(
    /돌아가(?:셨|셔|시)|별세|고인(?!물)|사망|작고|세상을\s?(?:떠|뜨)|소천|타계|영면|장례/g,
    en('passed away|\\bdeceased\\b|\\bdied\\b|death of|funeral'),
  ),
  financial: [
    ...weak(/대출|이자|빚|카드값|생계/g),
    ...strong(
    /형편|실직|(?<!시간\s?|시간이\s?|시간적\s?)여유(?:가|도)?\s?없|실업|백수|무직|생활고|경제적|금전적|재정적|돈이\s?(?:없|부족|궁)|돈\s?없어/g,
    ko('수입|소득|월급|급여|벌이|용돈', '없|줄|끊|밀리|밀려|안\\s?나'),
    ko('생활비|지출|고정비|씀씀이|가계|살림', '줄|아끼|아껴|부족|정리|절약|어려|빠듯'),
    en("lost (?:my|our) job|laid off|\\bunemployed\\b|can'?t afford|cannot afford|financial (?:reasons?|hardship|difficult\\w*|situation|trouble)|money(?:'s| is) (?:really |very |so )?tight|tight budget"),
    ),
  ],
  payment_failure: strong(
    ko('결제|출금|자동\\s?이체|이체|카드|계좌', '실패|오류|거절|거부|차단|튕|안\\s?(?:돼|되|됐|됨)|막혀|막혔|정지|만료|한도|분실|재발급'),
    /잔액\s?부족|잔고\s?부족|한도\s?초과/g,
    en("payment (?:has )?(?:failed|declined|bounced|didn'?t go through|did not go through)|card (?:has |was |is )?(?:expired|declined|blocked)|insufficient funds"),
  ),
  price: [
    ...strong(
      /비싸|비싼|비쌈|비쌉|비쌌|부담(?!\s?없|\s?갖지|\s?주지)|아깝|아까워|아까운|아까웠|(?:가격|요금|비용)\s?불만|가성비|값어치|돈\s?값|본전|가격\s?대비|(?:가격|값)에\s?비해|(?:더|훨씬|좀\s?더)\s?(?:싸|저렴)|(?:저렴한|싼)\s?(?:곳|데|걸|거|요금제|플랜|상품|쪽)|이\s?(?:돈|가격|금액)(?:이면|에|을\s?내고|\s?내고|\s?주고)/g,
      ko(`${PRICE_NOUN}|요금제|플랜`, '올랐|올라|오른|오르|올린|올려|올리|인상|무리|놀랐|놀라|많이\\s?(?:나와|나오|나가|나갑|청구)|과하|과해|과한|높|세네|세서|세다|쎄|센\\s?편|만만치|감당|커서|커요|크네|크다|큰\\s?편'),
      ko('할인|혜택|프로모션|이벤트\\s?가격', '없어|없네|줄어|줄었|끝나|끝났|종료|사라'),
      en("\\bexpensive|\\bpricey|overpriced|too costly|\\bcheaper\\b|better price|price (?:increase|hike|change|went up|going up)|new pricing|pricing change|raised (?:the|your|its) prices?|not worth (?:the|it)|too much money|costs? too much"),
    ),
    ...weak(/가격|요금(?!제)|구독료|이용료|비용|\d[\d,]*\s?(?:만\s?)?원(?:이면|씩|이나|이라니|을\s?내|이\s?나가|씩\s?나가|이\s?넘)|과해요|과하네|과해서|과한\s?(?:것|거|듯)/g, en('\\bpric(?:e|es|ing)\\b|\\bcosts?\\b')),
  ],
  low_usage: [
    ...strong(
      /(?<!마음에\s?|맘에\s?|눈에\s?|귀에\s?)안\s?(?:쓰|써|씀|썼|쓸|쓴|들어가|들어와|들어간|봐|봤|본|보(?!내|여|이|관|장|험)|읽|듣|들어요|들어서|먹|시켜|시키|시킨|입|켜|열어|가게|가요|가네|가서|하게\s?(?:되|돼))|(?:쓰|사용하|이용하|보|읽|듣|먹|들어가|가)(?:질|지를|지도|지)\s?않/g,
      ko('사용|이용|시청|주문|운동|공부|학습|접속|독서|게임|수업|레슨', '안\\s?(?:해|하|했|함|할)(?!\\s?줘|\\s?주)'),
      ko('운동|헬스|수업|레슨|센터|체육관|학원', '못\\s?(?:가|나가|다니)'),
      ko('한\\s?번도|한번도', '안|못'),
      ko('활용|이용|사용', '못\\s?(?:하|해)|잘\\s+못'),
      /안\s?(?:하려|할래|하게\s?되|하게\s?돼)/g,
      /(?:(?:거의|통|도통|전혀|별로|자주)\s?(?:안|못)|잘\s?안|잘\s+못)\s?(?!돼|되|됐|와|오|줘|주)[가-힣]|(?:한|두)\s?번(?:밖에|만|도)?\s?(?:들어갔|들어가|썼|써|봤|갔|이용|사용|열어)|(?:쓰는|쓸|볼|할)\s?(?:게|거|일)\s?(?:없|별로)/g,
      /쓸\s?(?:일|데|곳|기회)(?:이|가|도)?\s?(?:없|줄|별로)|(?:볼|들을|갈|먹을|쓸|할|읽을)\s?(?:시간|일|게|틈|여유)(?:이|도|가)?\s?(?:없|안\s?나)|필요(?:가|도|는|성)?\s?(?:없|사라|못\s?느)|필요없|불필요|더\s?(?:이상|는)\s?필요/g,
      /(?:사용|이용|방문|접속)\s?(?:빈도|횟수|량)|빈도가\s?(?:낮|적|줄)|(?:한|두|몇)\s?번도\s?(?:안|못)|한번도\s?(?:안|못)|흥미(?:를|가)?\s?(?:잃|떨어|없)|관심(?:이|을)?\s?(?:없어|떨어|잃)|가입만\s?(?:하고|해\s?놓고|해놓고|해\s?두고)|손이\s?안\s?가|잊고\s?(?:있|지내)|까먹고|방치/g,
      en("(?:don'?t|do not|rarely|never|barely|hardly|seldom|no longer|not)\\s+(?:really\\s+|even\\s+)?(?:use|using|open|watch|listen|read|need|go)\\b|haven'?t (?:used|opened|watched)|no longer need|(?:keep |always )?forg(?:et|etting|ot) (?:i|about|to use)"),
    ),
    ...weak(/바빠서|바쁘다\s?보니|바빠져|바빠지|남아서|남아요|쌓이기만|쌓여(?:서|만|가|요)|버리게\s?(?:되|돼)|다\s?못\s?먹|못\s?다\s?먹/g),
  ],
  quality: [
    ...strong(
      /불량|하자|변질|이물질|곰팡이|썩|산패|(?<!기분이\s?|기분\s?|마음이\s?|감정이\s?|자존심이\s?|[이비세진보손감배])상(?:했|해서|해\s?(?:있|왔|버)|한\s?(?:거|게|채|상태|음식|고기|우유|과일|것|제품))|신선하지|신선도가?\s?(?:떨어|별로|낮)|시들|시든|물러(?!\s?주)|물렀|질기|딱딱|눅눅|비린|비려|비리|밍밍|싱거|독해|보풀|변색|이염|찢어져|뜯어져|올이\s?풀|쉰\s?내|냄새|유통\s?기한|기대\s?이하|고장|파손|깨져\s?(?:있|서\s?(?:왔|와|도착))|잡내|누린내|악취|가려워|가렵|트러블|뒤집어|알레르기|부작용|깨진\s?채|찌그러|맛없|이상한\s?맛/g,
      ko('세탁|빨래|빨았', '줄어|늘어나|늘어났|변형|물\\s?빠|이염|보풀'),
      ko('크기|양|용량|중량|알', '작아졌|작아져|줄었|줄어들|적어졌|적어져'),
      ko('맛(?!있)', '없|별로|이상|떨어|변했|변해|예전\\s?같지|예전만|달라졌|달라져|못하|나빠|없어'),
      ko('품질|퀄리티|질|상태|화질|음질|구성|재질|원단|소재|향|식감|포장', '불만|떨어|별로|나빠|안\\s?좋|엉망|형편없|최악|구려|이상'),
      en("\\bquality\\b|defective|\\bbroken\\b|spoiled|\\bstale\\b|rotten|mou?ldy|tastes?\\s+(?:\\w+\\s+)?(?:bad|off|awful|terrible|burnt|burned|stale|weird|bland)|arrived (?:damaged|broken)"),
    ),
    ...weak(/품질|퀄리티|신선도/g),
  ],
  product: [
    ...strong(
      /불편|번거|복잡|헷갈|튕겨|튕기|튕김|튕겼|튕깁|버벅|먹통|렉이|렉\s?걸|강제\s?종료|버그|오류|에러|크래시|프리징/g,
      /(?:기능|사용성|앱)\s?불만/g,
      ko('기능|옵션', '부족|부실|없|별로|빠졌|빠져|사라|제한|아쉽|아쉬|모자라|안\\s?(?:돼|되)|적'),
      // Lost, not asked about: "탈퇴하면 주문 내역도 지워지나요?" is what leaving does, no complaint.
      ko('기록|데이터|저장한|작성한|파일|메모|사진|내역', '(?:날아가|날라가|사라지|없어지|지워지)(?!나|는지|면|는\\s?(?:건|거))|날아갔|날라갔|사라져|사라졌|없어졌|지워졌'),
      ko('화면', '하얗|까맣|검게|안\\s?나|깨져|깨지'),
      ko('앱|어플|프로그램|사이트|홈페이지|화면|페이지|플레이어|영상|재생|로딩|서버|시스템|툴|웹', '느려|느리|느림|느린|꺼지|꺼져|꺼짐|멈추|멈춰|멈춤|무거|끊기|끊겨|끊김|안\\s?(?:열|켜|떠)|오래\\s?걸'),
      ko('동기화|연동|호환|업데이트|로그인|접속|재생|다운로드|내보내기|업로드|저장|검색|알림|인식', '안\\s?(?:돼|되|됨|됐)|실패|불가|문제|엉망'),
      ko('사용|이용|쓰기|쓰는\\s?게|조작|설정|사용법', '어렵|어려|힘들'),
      ko('콘텐츠|컨텐츠|볼\\s?(?:게|거|만한\\s?(?:게|거|것|콘텐츠|컨텐츠))|들을\\s?(?:게|거)|작품|라인업|신작|강의', '없|부족|별로|적어|적네|적고|빈약|식상|안\\s?올라'),
      /(?:광고|알림|푸시)\s?(?:문자|메일|메시지|카톡|톡)?(?:가|이|도)?\s?(?:너무|많|자꾸|계속)|지원(?:을|이|도|은)?\s?안\s?(?:해|돼|되|됨)|지원하지\s?않|미지원/g,
      ko('싱크|자막|음성|버전|동기화', '안\\s?맞|밀려|밀리|어긋'),
      en("missing (?:a |the )?features?|\\black(?:s|ing)? (?:a |the )?features?|hard to use|too slow|\\bbuggy\\b|\\bbugs?\\b|\\bcrash(?:es|ing)?\\b|keeps? (?:crashing|freezing|logging me out)|\\bfreez(?:e|es|ing)\\b|confusing|complicated|not user.?friendly|clunky|glitch|does(?:n'?t| not) work(?! for)|not enough (?:content|features)|nothing to watch|too many ads|(?:interface|\\bui\\b|redesign|update)\\s+(?:is|was)\\s+(?:a\\s+)?(?:mess|confusing|terrible|awful)|can'?t find anything|\\b(?:export|import|sync|search|login|log in|feature|button|integration|app|website|site|dashboard|editor|upload|download)\\w*\\b[^.!?\\n]{0,20}\\b(?:is|was|are|were|keeps?|has been)\\s+(?:still\\s+|always\\s+)?(?:broken|failing|not working|buggy)|never worked|does(?:n'?t| not) support|not supported|no support for"),
    ),
    ...weak(/개편\s?(?:후|이후|되고|된\s?뒤)|리뉴얼\s?(?:후|이후)|업데이트\s?(?:후|이후|되고|하고)/g),
  ],
  service: [
    ...strong(
      /불친절|무성의|무례|막말|누락|오배송|오배달|배송\s?사고/g,
      ko('상담|상담원|상담사|고객\\s?센터|콜센터|직원|매니저|기사|배달원|응대|답변|답장|(?<!답)답(?!답)|회신|연락|문의|전화|채팅', '없|안\\s?(?:와|오|옴|줘|주|해|받|돼|되)|늦(?!으시|으면|어도|더라도)|느려|느리|불친절|별로|엉망|최악|무시|씹|실망|성의|함부로|던지|던져|짜증|며칠째|일주일째|한\\s?달째|몇\\s?시간|통화\\s?중'),
      /(?:응대|상담|서비스|배송|고객\s?센터|CS)\s?불만|통화\s?중|챗봇만|복붙|감감무소식|무소식|함흥차사|펑크|약속(?:을|한)?\s?(?:안\s?지|어기|어겼)|안\s?지켜|안\s?지키|안\s?지켰|(?:사람|상담원)(?:이랑|과|하고)\s?(?:얘기|통화|연결)(?:이|가|를)?\s?(?:안|못)/g,
      ko('포장', '엉망|터져|터진|찢어|부실|허술'),
      ko('(?:운영|상담|통화)\\s?시간', '짧|어려'),
      ko('고객센터|상담|문의', '못\\s?(?:해|하)'),
      ko('상담|상담원|상담사|고객\\s?센터|콜센터|전화|채팅', '연결', '안|없|어려|힘들|늦|오래|못'),
      ko('배송|배달|택배|도착|발송|출고', '늦(?!으시|으면|어도|더라도)|지연|느려|느리|느림|밀려|밀리|밀림|엉망|안\\s?(?:와|오|옴)|빠져|빠졌|잘못|분실|엉뚱|던지|던져|불규칙|들쭉날쭉'),
      ko('주문|구성품|상품|물건|하나씩|품목', '빠져서\\s?(?:와|오|왔)|빠진\\s?채'),
      ko('환불|교환|반품|처리|요청|문의', '안\\s?(?:돼|되|해|됐)|늦(?!으시|으면|어도|더라도)|느려|며칠째|일주일째|몇\\s?주째|한\\s?달째|미뤄|미루|지연|거절|무시'),
      en("\\brude\\b|unhelpful|(?:customer\\s+)?(?:support|service)(?:\\s+team)?\\s+(?:is|was|has been)\\s+(?:so\\s+|very\\s+)?(?:bad|slow|terrible|awful|useless|unresponsive|poor)|never (?:replie[sd]|repl(?:y|ies)|respond(?:s|ed)?|answer(?:s|ed)?|gets? back|got back)|no (?:reply|response|answer)\\b|late deliver(?:y|ies)|deliver(?:y|ies) (?:was|were|are|is|has been|have been|keeps? being) (?:always )?(?:late|delayed)|(?:no one|nobody)\\b[^.!?\\n]{0,30}\\b(?:answers?|answered|replie[sd]|responds?|responded|called (?:me )?back|got back)|never (?:called|emailed|wrote) (?:me )?back"),
    ),
  ],
  competitor: [
    ...strong(
      /타사|경쟁사|경쟁\s?업체|타\s?(?:통신사|업체|서비스|브랜드|플랫폼|앱|회사|사이트|쇼핑몰|은행|카드사)|갈아\s?(?:타|탈|탔|탐|탑)|번호\s?이동/g,
      /(?:로|으로)\s?(?:옮기|옮겨|옮길|옮겼|옮깁|넘어가|넘어갈|넘어갔|넘어갑|넘어\s?가|이동하|이동했|이동할|전환하|전환했|바꾸|바꿨|바꿔|바꿀|바꿉)/g,
      ko('그쪽|거기|그\\s?곳|그\\s?데|그\\s?서비스|그\\s?앱', '쓰려|쓸\\s?(?:게|거|려)|쓰기로|이용하려|이용할|이용하기로|가입|옮기|옮겨'),
      ko('다른|딴', '시작했|시작해|시작하|쓰기로|쓰려|쓸\\s?(?:게|거|려)|이용하려|이용할|이용하기로|알아보|가입했|가입하|쓰고\\s?있|씁니다|써요|쓰는\\s?중|구독했|구독하'),
      en("\\bswitch(?:ed|ing)?\\s+(?:over\\s+)?to\\b|\\bcompetitor|(?:another|a different|other)\\s+(?:service|provider|app|company|vendor|platform|tool|carrier|store)|\\bwent with\\b|signed up (?:with|for) (?:another|a different)|found (?:a |an )?(?:better|cheaper) (?:alternative|option|service|deal|provider|app)|\\balternative\\b"),
    ),
    ...weak(/(?:으로|로)\s?이전(?:하|해|했|할)|새로\s?(?:도입|계약)|도입(?:해서|했|하셔서|하게)|[A-Za-z가-힣]만\s?(?:써요|씁니다|쓰고\s?있어|쓰게\s?돼|쓰게\s?됐|쓰려고|이용해요|이용하고)/g, en('\\bconsolidat\\w* (?:on|onto|into)|standardi[sz]\\w* on'), /다른\s?(?:서비스|멤버십|쇼핑몰|앱|어플|회사|업체|브랜드|통신사|플랫폼|사이트|툴|솔루션|곳|데)|딴\s?데/g),
  ],
};

const INVOLUNTARY = new Set(CHURN_REASONS.filter((r) => !r.controllable).map((r) => r.key));
/** Switching is how a customer left; another controllable reason stated with it is why. */
const MEANS_NOT_MOTIVE = 'competitor';
/** How much more a controllable reason must score to win over an involuntary one. */
const INVOLUNTARY_BONUS = 1;
/** Matches this close (a space, a particle) are one statement: "switched to another service". */
const ADJACENT = 2;
/** Standing matches of one rule read at most: a repeated word is not ever more evidence, and a long text costs less. */
const MAX_PER_RULE = 3;
/** Characters after a match read for what takes it back or states it as a cause. */
const AFTER = 16;

// For a service complaint: only why the customer writes here ("전화 연결이 안 돼서 여기 남겨요").
const CHANNEL_NOTE = /^[^.!?\n]{0,8}?(?:여기|글\s?(?:을\s?)?남|(?:채팅|톡|메일|게시판|문자)으로\s?(?:남|문의|드려|연락)|다시\s?(?:드려|문의|남|올려))/;
// What follows a match and takes it back: "이사 가는 건 아니고", "가격 때문은 아니에요", "이사가 아니라".
const DISCLAIMED = /^(?:(?:(?!는데|지만)[^.!?\n]){0,10}?(?:건|게|것은|거는|것이|거|것|때문은|때문이|때문에|탓은|탓이|이유는|이유가|는|은|도|문제가|문제는|문제)|[가이])\s?(?:아니|아님|아닌|아녜|아냐)|^\s*(?:is|was)n'?t the (?:problem|issue|reason)/i;
// …and for an event only: it does not happen ("이사는 안 가요", "이사 계획은 없고").
const NOT_HAPPENING = /^(?:[은는도을를]\s?|\s)?안\s?(?:가|갈|갑|간|하|해|했|할)(?![게서])|^[^.!?\n]{0,6}?(?:계획|예정|생각|일)(?:은|이|도)?\s?없|^[^.!?\n]{0,6}?(?:가진|가지는|가지도|하진|하지는|하지도)\s?않|^[^.!?\n]{0,6}?(?:서도|해도|가도|와도|하더라도)\s?(?:계속|쓰|이용|유지|쓸)/;
// …and for a bare topic word only: a good word about it ("가격은 괜찮은데", "the price is fine").
const PRAISED = /^(?:[^.!?\n]{0,3}?)(?:괜찮|만족|좋|문제\s?(?:없|는\s?없)|상관\s?없|나쁘지\s?않|적당|저렴|싸고|싼\s?편|빠르|빨라|빠른|훌륭|합리|is (?:fine|ok|okay|good|great|reasonable)|was (?:fine|ok|okay|good|great))/i;
// English put before: "not because of the price".
const DISCLAIMED_BEFORE = /(?:\bnot|n't)\s+(?:(?:just|really|only)\s+)?(?:because\s+of\s+|due\s+to\s+|about\s+)?(?:the\s+|my\s+|a\s+)?$/i;
// Stated as a cause: …해서, 때문에, …니까, …길래, …로 인해.
const CAUSE = /^[가-힣]{0,3}?(?:서(?![비울])|때문|니까|니깐|길래|탓|(?:으로|로)\s?인해)|^\s*(?:so\b|,\s*so\b)/i;

interface Evidence {
  key: string;
  score: number;
  /** Where it is first stated. */
  first: number;
  /** Whether one of its matches is stated as a cause. */
  cause: boolean;
}

/** Whether a match at [start, end) stands: not taken back by the words around it. */
function stands(text: string, key: string, start: number, end: number, weight: number, involuntary: boolean): boolean {
  const after = text.slice(end, end + AFTER);
  if (DISCLAIMED.test(after)) return false;
  if (DISCLAIMED_BEFORE.test(text.slice(Math.max(0, start - 24), start))) return false;
  if (involuntary && NOT_HAPPENING.test(after)) return false;
  if (weight === 1 && PRAISED.test(after)) return false;
  if (key === 'service' && CHANNEL_NOTE.test(after)) return false;
  return true;
}

/**
 * A reason's evidence: its standing matches, overlapping or adjacent ones (가격이 비싸 / 비싸 / 가격;
 * "switched to" + "another service") merged into one statement worth its strongest match, the
 * statements summed.
 */
function evidence(text: string, key: string, rules: Rule[]): Evidence | null {
  const involuntary = INVOLUNTARY.has(key);
  const spans: { start: number; end: number; weight: number }[] = [];
  let cause = false;
  for (const { re, weight } of rules) {
    re.lastIndex = 0;
    let found = 0;
    for (let m = re.exec(text); m !== null && found < MAX_PER_RULE; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start) re.lastIndex++;
      if (!stands(text, key, start, end, weight, involuntary)) continue;
      spans.push({ start, end, weight });
      found++;
      if (!cause && CAUSE.test(text.slice(end, end + 8))) cause = true;
    }
  }
  if (!spans.length) return null;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let score = 0;
  let end = -1;
  let weight = 0;
  for (const s of spans) {
    if (s.start <= end + ADJACENT) {
      weight = Math.max(weight, s.weight);
      end = Math.max(end, s.end);
    } else {
      score += weight;
      weight = s.weight;
      end = s.end;
    }
  }
  score += weight;
  return { key, score, first: spans[0]!.start, cause };
}

/** The better of two reasons of the same kind: more evidence, a motive over a switch, stated as a cause, stated first. */
function better(a: Evidence | null, b: Evidence): Evidence {
  if (a === null) return b;
  if (a.score !== b.score) return a.score > b.score ? a : b;
  const aMeans = a.key === MEANS_NOT_MOTIVE, bMeans = b.key === MEANS_NOT_MOTIVE;
  if (aMeans !== bMeans) return aMeans ? b : a;
  if (a.cause !== b.cause) return a.cause ? a : b;
  return a.first <= b.first ? a : b;
}

/** The reason a cancellation text gives, or null when no rule recognises one (see the top of this file). */
export function classifyChurnReason(text: string): string | null {
  const normalized = text.normalize('NFC');
  let involuntary: Evidence | null = null;
  let controllable: Evidence | null = null;
  for (const [key, rules] of Object.entries(RULES)) {
    const e = evidence(normalized, key, rules);
    if (e === null) continue;
    if (INVOLUNTARY.has(key)) involuntary = better(involuntary, e);
    else controllable = better(controllable, e);
  }
  if (involuntary && (!controllable || involuntary.score + INVOLUNTARY_BONUS >= controllable.score)) return involuntary.key;
  return controllable?.key ?? null;
}

/**
 * Ending a relationship: a subscription, membership, plan, contract or account (해지, 탈퇴, 구독
 * 취소, 정기결제, close my account). Its absence alone decides nothing: "취소해 주세요" may be either.
 */
const RELATIONSHIP = [
  /해지|탈퇴|구독|멤버십|맴버십|정기\s?(결제|배송|구독|후원|권)|자동\s?(결제|갱신|연장)|약정|요금제|이용권|회원\s?(권|자격)|계정\s?(삭제|폐쇄|정지)|(서비스|앱)\s?(을|를)?\s?(그만|끊|중단)|그만\s?(쓸|쓰|쓰려|이용|사용)/,
  /unsubscri|\b(subscription|membership|auto-?renew\w*)\b|\b(cancel\w*|close|closing|delete|terminat\w*|end|ending|stop)\s+(my\s+|the\s+|our\s+|this\s+)?(plan|contract|account|trial|service)\b/i,
];
/** An order's cancellation, refund or return: "주문 취소", "결제 취소", "환불", "반품", "cancel my order", "refund". */
const ORDER_WORDS = [
  /주문[^.!?\n]{0,12}취소|취소[^.!?\n]{0,6}(주문|상품|결제\s?건)|(결제|카드|부분|구매|예약|배송)\s?(을|를)?\s?취소|환불|반품|교환|주문한\s?(거|것|상품)/,
  /\bcancel(l?ing|l?ed)?\s+(my\s+|the\s+|this\s+|an?\s+)?(order|purchase|booking|reservation|delivery)|\brefund|\breturn(ing|ed)?\b|money back|chargeback/i,
];

/** Whether a cancellation is about an order (see ORDER_CANCELLATION): order words and no relationship word. */
function isOrderCancellation(text: string): boolean {
  return ORDER_WORDS.some((re) => re.test(text)) && !RELATIONSHIP.some((re) => re.test(text));
}

/**
 * Metadata keys under which a source gives its own cancellation reason, first found wins: a Korean
 * export's column (kept in metadata under its header), then API and vendor field names.
 */
export const CANCEL_REASON_KEYS = ['해지사유', '해지 사유', '취소사유', '탈퇴사유', 'cancellation_reason', 'cancel_reason', 'reason'] as const;

/** The source's own reason text: the first of CANCEL_REASON_KEYS the metadata holds as non-blank text. */
export function givenCancelReason(metadata: Record<string, unknown> | null | undefined): string | null {
  if (!metadata) return null;
  const byKey = new Map(Object.entries(metadata).map(([k, v]) => [k.normalize('NFC'), v]));
  for (const key of CANCEL_REASON_KEYS) {
    const value = byKey.get(key);
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

/**
 * A cancellation's reason (a leave's too, with `orders: false`). The source's own field (CANCEL_REASON_KEYS) when it names a reason —
 * its key, Korean or English name, case and spaces aside; else ORDER_CANCELLATION when the words
 * are about an order, not a relationship; else the reason the source's field states in its own
 * words (이사 → moving), else what the customer's words say, else 'unknown'. The order check comes
 * before the field's free text: a shop's 취소사유 "배송 지연" on a cancelled order is still no churn.
 */
export function cancellationReason(text: string, metadata: Record<string, unknown> | null | undefined, options: { orders?: boolean } = {}): string {
  const given = givenCancelReason(metadata);
  const named = given === null ? undefined : churnReasonNamed(given);
  if (named) return named.key;
  // A member who leaves has left, whatever order words come with it (options.orders false: a leave's reason).
  if (options.orders !== false && (isOrderCancellation(text) || (given !== null && isOrderCancellation(given)))) return ORDER_CANCELLATION;
  return (given === null ? null : classifyChurnReason(given)) ?? classifyChurnReason(text) ?? UNKNOWN_CHURN_REASON;
}

/*
 * Leaving the service (회원 탈퇴, 계정 삭제, "delete my account"): the churn of free and marketplace
 * services, as 해지 is of paid ones. The type model files these under `account` with every other
 * account matter, so the churn report counts an account item only when its words ask or decide to
 * leave (isLeaveRequest). Decisions (test/fixtures/text/account-leave.jsonl holds the cases):
 * - A request, a decision, a way asked for ("탈퇴는 어떻게 하나요", "탈퇴 버튼이 어디"), a leave that
 *   fails or waits ("탈퇴가 안 돼요", "탈퇴 신청했는데 아직") and a question about what leaving does
 *   ("탈퇴하면 포인트는 어떻게 되나요?") are leaves: the customer means to go, as "해지하면 위약금은?"
 *   counts among cancellations.
 * - Not a leave: a return ("탈퇴 후 재가입 되나요?", 재가입, 복구 of a left account) — the member
 *   wants back in; a leave in the past ("탈퇴한 줄 알았는데 메일이 와요", "이미 탈퇴한 계정인데") — it
 *   was counted when it was asked for, and this one is about an e-mail or a charge, unless the text
 *   asks for the leave again; a leave withdrawn or not taken (탈퇴 철회, 탈퇴 취소, "탈퇴는 안 하고");
 *   leaving a group inside the service (단톡방, 모임, 리그, 길드, 크루 … 탈퇴) — the member stays;
 *   another account removed (부계정, 중복 계정, a former employee's) — the customer stays; a removal
 *   by the operator (강제 탈퇴, 탈퇴시키다) — no customer's decision; and every other account matter
 *   (비밀번호, 로그인, 휴면 해제, 연결 해제).
 */

/** Words every leave names, as a pattern PostgreSQL (`~*`) and JavaScript read alike: a text without them is no leave (the churn fill reads only texts with them). */
export const LEAVE_HINT = '탈퇴|삭제|폐쇄|해지|없애|없앨|지워|지우|account|unregister|done with';
const LEAVE_HINT_RE = new RegExp(LEAVE_HINT, 'i');

// The leave itself: 탈퇴, or the account (아이디, 회원 정보) deleted, closed or ended.
const LEAVE_KO = /(?:회원\s?)?탈퇴|(?:계정|아이디|회원\s?정보|회원)\s?(?:을|를|도|은|는)?\s?(?:완전히\s?|전부\s?|다\s?)?(?:삭제|폐쇄|없애|없앨|지워|지우|해지)/g;
// "delete / close / deactivate … my account", "account deletion", "unregister", "I'm done with the service".
const LEAVE_EN = /\b(delet|deactivat|clos|remov|cancel+|terminat|eras)(e|es|ed|ing)?\s+(?:of\s+)?(?:my|our|this|the)\s+((?:[\w'’-]+\s+){0,2})account\b|\b(?:my|our)\s+account\s+(?:deleted|closed|removed|deactivated|terminated)\b|\baccount\s+(?:deletion|closure|removal|deactivation|termination)\b|\bunregister|\bI'?m done with (?:the|your|this) (?:service|app|site|platform)\b/gi;

// Before a 탈퇴: a group inside the service (단톡방 탈퇴, 모임에서 탈퇴), or a removal (강제 탈퇴).
const GROUP_BEFORE = /(?:리그|단톡방?|톡방|채팅방|오픈\s?채팅방?|모임|소모임|그룹|길드|클랜|혈맹|동아리|동호회|카페|밴드|크루|파티|스터디|클럽|팀|방|강제)\s?(?:에서|에서도|을|를|은|는|도)?\s?$/;
// Before an account's deletion: another account than the customer's own.
// A family member's (아들, 딸 — not 딸기 —, 남편 …) or a former employee's (퇴사, 퇴사자) is another's too;
// 부 only as 부계정 (부탁드려요 is no sub-account).
const OTHER_OWNER = '(?:(?<!전)부(?=\\s?(?:계정|$))|세컨|서브|중복|예전|옛날|다른|직원|팀원|퇴사|자녀|테스트|아들|딸(?!기)|남편|아내|와이프|엄마|아빠|부모님|동생)';
const OTHER_ACCOUNT_BEFORE = new RegExp(`${OTHER_OWNER}[^.!?\\n]{0,6}$`);
// Before a 탈퇴: another's account named as what leaves ("딸 계정 탈퇴", "부계정 탈퇴").
const OTHER_ACCOUNT_LEAVES = new RegExp(`${OTHER_OWNER}(?:자|의|네)?\\s?(?:계정|아이디)\\s?(?:을|를|은|는|도|의|이|가)?\\s?$`);
// After the leave: a note naming another owner ("회사 계정 삭제 부탁드립니다 (퇴사자)"). 회사 계정 alone is
// the customer's own when the customer is a business: its leave.
const OTHER_ACCOUNT_NOTE_AFTER = new RegExp(`^[^.!?\\n]{0,20}[(（]\\s?${OTHER_OWNER}`);
// After the leave: it happened already (탈퇴했는데, 탈퇴한 계정, 탈퇴 처리됐다고, 탈퇴 후에도).
const PAST_AFTER = /^\s?(?:를|을|가|이|는|은|도|까지|까지는|까진)?\s?(?:했|한\s?(?:줄|지|뒤|후|다음|계정|회원|상태|아이디|거|것|건|사람|이후)|된|됐|되었|되어|돼\s?있|졌|진\s|처리\s?(?:가\s?)?(?:됐|되었|된|완료)|완료|후에도|이후에도|하고\s?나서|해\s?버렸|해버렸|버렸)/;
const PAST_BEFORE = /(?:이미|예전에|전에|벌써)\s?$/;
// After the leave: it is not taken, or taken back (탈퇴는 안 하고, 탈퇴하려다가, 탈퇴 철회), or done to the
// customer (탈퇴시켰어요, 탈퇴시킨, 탈퇴당했어요) — but 탈퇴시켜 주세요 / 시켜줘요 / 시켜 주실 asks for it.
const NOT_TAKEN_AFTER = /^\s?(?:는|은|도|까지는?|까진)?\s?(?:안\s?(?:할|하|해|했|함)|하지\s?(?:않|말|마)|할\s?(?:생각|마음|계획)(?:은|이|도)?\s?없|말고|하려다|하려고\s?했(?:는데|다가)|할까\s?(?:하다|했는데)|하기\s?싫|시켰|시킨|시키|시켜(?!\s?(?:주|줘|줄|줬|달라|드))|당)|^\s?(?:신청|요청|접수|처리)?\s?(?:을|를|건|은|는)?\s?(?:철회|취소|번복|되돌)/;
// The member wants back in: a leave mentioned on the way back is no leave — unless the way back is
// refused ("재가입은 안 할 거예요", "다시 돌아올 일 없으니", "I will not come back", "no need to restore").
const RETURNING = /재\s?가입|다시\s?(?:가입|돌아(?:올|오|와|갈|가)?)|sign(?:ing)?\s+up\s+again|re-?(?:join|register|activate|open)\b|\bcome back\b|\brestore\b|\brecover\b|\bundo\b/gi;
const RETURN_REFUSED_AFTER = /^\s?(?:은|는|도|을|를|할|하실)?\s?(?:안\s?(?:할|하|해|합|함|갈|가|와|올|옵|돌아)|하지\s?(?:않|말)|않|(?:할\s?)?(?:일|생각|마음|계획|필요)\s?(?:은|이|도|는)?\s?없)/;
const RETURN_REFUSED_BEFORE = /\b(?:not|never|won'?t|don'?t|do not|no need to|(?:don'?t|do not) need to|nothing to)\s+(?:\w+\s+)?$/i;
// Not the customer's own account (my old account, a former employee's).
const OTHER_ACCOUNT_EN = /\b(?:old|second|other|another|duplicate|extra|spare|test|alt|backup|child'?s|kid'?s|son'?s|daughter'?s|employee'?s|colleague'?s|user'?s|member'?s)\b/i;
// "I don't want to delete", "not going to close", "changed my mind".
const NOT_TAKEN_EN_BEFORE = /\b(?:don'?t|do not|not|never|no longer)\s+(?:want|wish|plan|intend|going|trying|need)\s+to\s+$/i;
// A change of mind after a leave takes it back ("탈퇴 신청했는데 마음이 바뀌었어요"); before it, it is the leave's cause ("마음이 바뀌어서 탈퇴하려고요").
const CHANGED_MIND = /changed my mind|다른\s?마음|마음이\s?바뀌/gi;
const CHANGED_MIND_ABOUT_LEAVE = /changed my mind\s+(?:about|on)\s+(?:\w+\s+)?(?:delet|clos|cancel|deactivat|remov|leav|quit|terminat)/i;
const WANTED_BEFORE = /\b(?:want|like|need|have|get|please)\s+$/i;

/** Whether a Korean leave at [start, end) stands: not a group's, another account's, a past, or a leave not taken. */
function koLeaveStands(text: string, start: number, end: number, match: string): boolean {
  const before = text.slice(Math.max(0, start - 12), start);
  const after = text.slice(end, end + 16);
  if (match.includes('탈퇴') && (GROUP_BEFORE.test(before) || OTHER_ACCOUNT_LEAVES.test(before))) return false;
  if (!match.includes('탈퇴') && OTHER_ACCOUNT_BEFORE.test(before)) return false;
  if (OTHER_ACCOUNT_NOTE_AFTER.test(text.slice(end, end + 24))) return false;
  return !PAST_AFTER.test(after) && !PAST_BEFORE.test(before) && !NOT_TAKEN_AFTER.test(after);
}

/** Whether an English leave stands: the customer's own account, asked for, not done already nor refused. */
function enLeaveStands(text: string, m: RegExpExecArray): boolean {
  const before = text.slice(Math.max(0, m.index - 32), m.index);
  if (NOT_TAKEN_EN_BEFORE.test(before)) return false;
  if (m[1] !== undefined) {
    if (m[3] && OTHER_ACCOUNT_EN.test(m[3])) return false;
    // "I deleted my account": done already.
    if (m[2] === 'ed') return false;
    return true;
  }
  // "my account deleted": asked for ("I want my account deleted"), else a report of what happened.
  if (/^(?:my|our)\s/i.test(m[0])) return WANTED_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index));
  return true;
}

/**
 * Whether an account-typed text asks or decides to leave the service (회원 탈퇴, 계정 삭제, "close my
 * account"): some leave in it stands, and it is not a way back in (see the decisions above).
 */
export function isLeaveRequest(text: string): boolean {
  const normalized = text.normalize('NFC');
  if (!LEAVE_HINT_RE.test(normalized) || wantsBackIn(normalized) || CHANGED_MIND_ABOUT_LEAVE.test(normalized)) return false;
  // A leave before the last change of mind is taken back by it.
  let lastMind = -1;
  CHANGED_MIND.lastIndex = 0;
  for (let m = CHANGED_MIND.exec(normalized); m !== null; m = CHANGED_MIND.exec(normalized)) lastMind = m.index;
  for (const re of [LEAVE_KO, LEAVE_EN]) {
    re.lastIndex = 0;
    for (let m = re.exec(normalized); m !== null; m = re.exec(normalized)) {
      if (m.index < lastMind) continue;
      const stands = re === LEAVE_KO ? koLeaveStands(normalized, m.index, m.index + m[0].length, m[0]) : enLeaveStands(normalized, m);
      if (stands) return true;
    }
  }
  return false;
}

/** Whether the text asks for a way back in (재가입, 다시 돌아올, restore): some mention of it not refused. */
function wantsBackIn(text: string): boolean {
  RETURNING.lastIndex = 0;
  for (let m = RETURNING.exec(text); m !== null; m = RETURNING.exec(text)) {
    const end = m.index + m[0].length;
    if (RETURN_REFUSED_AFTER.test(text.slice(end, end + 16))) continue;
    if (RETURN_REFUSED_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    return true;
  }
  return false;
}

/**
 * The churn reason an item of `type` carries: a cancellation's (cancellationReason: a reason,
 * 'unknown', or 'order' for an order's cancellation); a leave's — an account item whose words leave
 * the service (isLeaveRequest) — by the same rules, never 'order'; else null (no churn).
 */
export function churnReasonOf(type: string | null | undefined, text: string, metadata: Record<string, unknown> | null | undefined): string | null {
  if (type === CANCELLATION_TYPE) return cancellationReason(text, metadata);
  if (type === LEAVE_TYPE && isLeaveRequest(text)) return cancellationReason(text, metadata, { orders: false });
  return null;
}
