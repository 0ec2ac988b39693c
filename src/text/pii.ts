import { PII_KINDS, type PiiKind } from '../domain/item.js';

/**
 * PII redaction for customer text. Runs on every ingested text before it is stored.
 *
 * What counts (and what deliberately does not):
 * - phone: Korean mobiles (010/011/016–019), landlines (02, 031–064), 070 internet phones and
 *   050x safe numbers (안심번호 — they forward to a person), in any of +82 / 82 / 0 forms, with
 *   `-` `.` `/` `_`, middle dots (`010·1234·5678`, `010ㆍ1234ㆍ5678`) or spaces between groups and
 *   the prefix optionally in parentheses (`(010)1234-5678`, `(02) 123-4567`); 82 glued to the
 *   number without its '+' (`821012345678`) only after a phone label; also `+CC …` international
 *   numbers and North-American `(415) 555-0132` / `415-555-0132`. A mobile spelled in Hangul
 *   numerals, whole or in part (`공일공-일이삼사-오육칠팔`, `공일공 1234 5678`), or typed in
 *   fragments (`0 1 0 1 2 …`, `010 12 34 56 78`) counts too, and so does a mobile or landline said as a
 *   sentence, particles between its groups (`010에 9876에 5432`, `공일공에 구팔칠육에 오사삼이`,
 *   `02하고 345하고 6789`; commas after a mobile's prefix: `010, 9876, 5432`). A mobile is taken even when
 *   glued to an ID or a name (`minsu_01012345678`, `010-1234-5678_kim`, `1.010-…` in a numbered list).
 *   NOT redacted: company representative numbers (15xx/16xx/18xx-xxxx) and 080/060 numbers. They
 *   belong to businesses, are published, and which company a customer called is useful signal.
 * - rrn / frn: YYMMDD-GNNNNNN (separator `-`, `.`, space or none) with a valid month/day; G 1–4 →
 *   rrn, 5–8 → frn. G 9/0 (people born in the 1800s) is not accepted: nobody alive has one, while
 *   date-prefixed order numbers such as `240512-0012345` do. No check digit: numbers issued since
 *   Oct 2020 have none. A masked back part (`900101-1******`, `900101-1*** ***`) is still
 *   redacted — it reveals birth date and sex. Next to a 주민번호/외국인등록번호 label also the
 *   short form `900101-1` and the halves written apart (`앞자리 900101 뒷자리 1234567`). The birth date
 *   written as a date before `-` (`85.12.24-2345670`, `1985.12.24-2345670`, a four-digit year agreeing
 *   with G's century), and the halves apart with 뒷자리/뒷번호/뒤 7자리 between them, no label needed
 *   (`생년월일 851224 뒷자리 2345670`), unless another number's label (계좌, 전화, 주문…) names them.
 * - email: ASCII or non-ASCII local part (`김민수@naver.com`), ASCII or Hangul domain labels
 *   (`ceo@회사.kr`); a label never mixes the two, so `kim@naver.com으로` keeps its particle.
 *   Spelled-out forms `kim(at)naver.com`, `kim @ naver.com` and the typo `naver,com` count too, and
 *   Korean words for `@` and `.` (골뱅이, 앳; 닷, 점, 쩜; 닷컴, 닷넷, 닷케이알) with the portals' names in
 *   Hangul (`abc123 골뱅이 네이버 닷컴`, `kim.minsu 앳 daum.net`, `kim 골뱅이 daum 점 net`), and spaces
 *   around `@` and `.` (`abc123@ naver. com`, `abc123 @naver .com`): always an ASCII user part and a
 *   known TLD at the end (com, net, org or kr after a bare `@`), so `네이버 닷컴에서 샀어요` stays.
 * - card: 13–19 digits (plain, 4-4-4-4, 4-6-5, 4-6-4; `-`, `.` or space) that pass Luhn AND start
 *   like a card (3, 4, 5, 6, 9 = Korean domestic, or 2221–2720) with a length its network issues
 *   (Visa 13/16/19, Mastercard 16, Amex 15, JCB 16–19: a phone's 15-digit IMEI passes Luhn and
 *   starts 35… or 49…). `2024…` order numbers never count; nor a number right after 고유번호 or IMEI.
 *   Right after a card label (카드번호, 카드 번호, card number, card no) any such number counts, Luhn
 *   or not: a mistyped card number still gives away most of the real one. Only the number written
 *   next to the label (a particle, ':' or '(' between): "카드번호 변경 후 주문번호 2024…" is an order,
 *   and a date's 2-digit groups or a price never have a card's shape.
 * - account: hyphen- or space-separated digit groups or 10–14 plain digits (10–16 digits in all),
 *   when the nearest label before it in the same sentence is an account word or bank (계좌, 예금주,
 *   신한, NH농협, 카카오뱅크, 키움증권, account…); or the first label after it is one ("환불은
 *   110-… 신한으로"); or, with no label in its own sentence, the previous sentence ends on one
 *   ("환불 계좌 알려드립니다.\n110-…"). Everyday words that also name a bank or a transfer (우리,
 *   하나, 기업, 입금, 송금, 이체) count only right next to the number: "우리 1002-…" is an
 *   account, "우리 회사 견적번호 2024-1103-0012" is not.
 * - passport (여권번호) and driver_license (운전면허번호): with the RRN, the identifiers Korea's PIPA
 *   names 고유식별정보. A passport number only next to a 여권/passport label (40 characters before,
 *   20 after): Korean M12345678 and the 2021 form M123A4567 (M, S, R, G, D, T), and other
 *   countries' one or two letters and 6–8 digits or 9 digits; unlabelled, `M12345678` is as likely
 *   a product or member code. A licence number in its printed shapes: region code 11–28, year,
 *   serial, check (`11-12-345678-90`, also with spaces or '.'), or the older region name
 *   (`서울 12-345678-90`); with a 면허/license label also unseparated (`111234567890`).
 * - customs_code: 개인통관고유부호 (P and 12 digits), which shoppers abroad give instead of their RRN;
 *   unmistakable, taken unlabelled.
 * - name: a person's name right after a label that says it is one (성함, 이름, 고객명, 예금주, 받는 분,
 *   수령인, 주문자…, "my name is"): a common surname and one or two syllables (남궁, 황보… and one
 *   or two). With ':' between, any such name; after a space or 은/는, a three-syllable name, or a
 *   shorter one followed by 입니다/님/씨…; (으)로/에게 only after a transfer or delivery label
 *   (예금주 김민수로); never a word that follows such labels (이름 변경, 예금주 명의, 그 이름
 *   하나만으로도: checked by the syllables and a list of such words).
 *   In free text, a full name next to an honorific or a role word: before 님, 씨, 고객(님), 회원님,
 *   선생님, 과장님/대리님/팀장님/주임님/매니저님/상담사님/기사님, glued or one space apart (김민수 고객님,
 *   박지영님이, 이서준 님께), or after 담당자/상담사/상담원/기사/고객 and a space (상담사 김하늘입니다).
 *   Only a surname and two syllables, or 남궁/황보/제갈/선우/독고/사공/서문 and one or two, standing
 *   as a word of their own, every given-name syllable one parents use (서비스, 구독자 are not), and
 *   not a word of that shape (전문가, 주인공, 임산부, 배송지…, …배우/…대표 as roles, a particle or
 *   an adnominal ending last: 정보가, 이상한 님). Two syllables alone are not taken: before 님 they are
 *   almost always a role (선생님, 고객님, 기사님, 하느님; about nine in ten in public reviews). Nor
 *   "장난아님" (아니다) or "성룡형님". A letter's sign-off: the last line a full name alone or with
  드림/올림, after a line that thanks or asks ("감사합니다.\n류지우"). English only in a self-introduction: "Hi, this is Jane Park
 *   from …", a first and a last name at a text's or sentence's start or after a greeting, not a
 *   place (Park Avenue, Central Park) or a team (Customer Service). Precision on public reviews and
 *   comments: bench/pii-names.eval.ts.
 * - address: a road with its building number or a lot with its hyphen or 번지 (…구 테헤란로 123,
 *   …구 우동 1234-5), after a city, county or ward word (…시/군/구, everyday words ending so
 *   excluded), from the province before it and with the building's 동/호 or floor after it; and an apartment's
 *   `101동 1001호` on its own. A district alone (강남구) or a road without a number stays: it is the
 *   region an operator counts by, and identifies no one.
 * - ip: valid IPv4, unless the word right before it says it is a version (v, ver, 버전, 앱, 펌웨어,
 *   firmware, 업데이트, build, UI, iOS…) or 버전/version follows; IPv6 full/compressed/IPv4-mapped
 *   with a digit.
 *
 * Near misses kept as they are: order numbers, tracking numbers (운송장 123456789012 has no phone,
 * card or RRN shape and no account label, so nothing claims it), business registration numbers
 * (123-45-67890 — a public company identifier, printed on every receipt), dates, times, prices,
 * versions, postal codes, product codes. A digit run glued to letters by `-`/`_` (ORD-2024-000123)
 * is a code, never PII (mobiles aside, see above). A number with the shape of an RRN, a card or an
 * unseparated landline is left alone when a compound code label stands right before it (주문번호,
 * 운송장번호는, 접수번호, 상품코드, 바코드, 쿠폰번호, 상품권 PIN…) and no personal label (전화,
 * 카드…) follows right after — EAN-13 barcodes `8801…` look exactly like an RRN, and 접수번호
 * `241103-1234567` like a hyphenated one; an RRN's shape also right after a bare 접수 or 예약
 * ("접수 241103-1234567 건"). Bare words further away (주문, 배송, 상품, 택배) do not suppress
 * anything: "배송 받는 분 8802141234567" is an RRN. A plain `010xxxxxxxx` is always a phone.
 *
 * Full-width digits/`＠`, Unicode dashes and NBSP are folded before matching (same length, so
 * offsets map back to the original text); only the PII spans are replaced.
 */

export interface Redaction {
  text: string;
  /** Distinct kinds found, in PII_KINDS order. */
  kinds: PiiKind[];
}

export interface RedactOptions {
  /** Placeholder language; Korean by default. */
  placeholders?: 'ko' | 'en';
}

/** The text that replaces each kind of PII, per placeholder language. None contains a digit or '@'. */
export const PII_PLACEHOLDERS: Readonly<Record<'ko' | 'en', Readonly<Record<PiiKind, string>>>> = {
  ko: {
    phone: '[전화번호]',
    rrn: '[주민등록번호]',
    frn: '[외국인등록번호]',
    email: '[이메일]',
    card: '[카드번호]',
    account: '[계좌번호]',
    ip: '[IP주소]',
    passport: '[여권번호]',
    driver_license: '[운전면허번호]',
    customs_code: '[개인통관고유부호]',
    name: '[이름]',
    address: '[주소]',
  },
  en: {
    phone: '[PHONE]',
    rrn: '[RRN]',
    frn: '[FRN]',
    email: '[EMAIL]',
    card: '[CARD]',
    account: '[ACCOUNT]',
    ip: '[IP]',
    passport: '[PASSPORT]',
    driver_license: '[DRIVER_LICENSE]',
    customs_code: '[CUSTOMS_CODE]',
    name: '[NAME]',
    address: '[ADDRESS]',
  },
};

// --- patterns (compiled once) ------------------------------------------------------------------

// A number starts where no digit precedes it, and is not glued to a code by '-'/'_' (ORD-…) or a
// decimal point. It ends likewise. Hangul may touch either side: 010-1234-5678로.
const START = String.raw`(?<![0-9])(?<![0-9A-Za-z][-_])(?<![0-9]\.)`;
const END = String.raw`(?![0-9]|[-_][0-9A-Za-z]|\.[0-9])`;
// A mobile number (01x + 7–8 digits) is unambiguous enough to be taken even when glued to an ID
// (minsu_01012345678), a name (010-1234-5678_kim) or a list number (1.010-1234-5678). Only a
// neighbouring digit group (1-010-…, …-5678-9) or an upper-case code prefix (ORD-, SM-) still
// makes it part of something longer.
const MOBILE_START = String.raw`(?<![0-9])(?<![0-9A-Z]-)`;
// Middle dots people type between a phone number's groups (010·1234·5678, 010ㆍ1234ㆍ5678 from a
// phone keyboard's ㆍ, the katakana and half-width dots); only phone numbers take them.
const MIDDLE_DOTS = '\u00B7\u2022\u2027\u2219\u30FB\uFF65\u318D\u119E';
const MOBILE_END = `(?![0-9]|[-.${MIDDLE_DOTS}][0-9])`;
const SEP = String.raw`(?: ?[-./_${MIDDLE_DOTS}] ?| )?`;
const KR_PREFIX = String.raw`(?:1[016789]|2|[3-6][1-5]|70|50[2-8])`;
const YYMMDD = String.raw`\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])`;

// Local part: ASCII (plus-addressing included), or one ending in a non-ASCII letter (김민수@…) —
// so that in 메일은kim@naver.com only `kim` is the address. Domain labels are ASCII or Hangul
// (IDN, ceo@회사.kr), never a mix, so `kim@naver.com으로` keeps its particle. `naver,com` is a
// common typo for the big providers' TLDs.
const EMAIL_DOMAIN =
  String.raw`(?:[A-Za-z0-9-]+|[가-힣0-9-]+)(?:\.(?:[A-Za-z0-9-]+|[가-힣0-9-]+))*` +
  String.raw`(?:\.[A-Za-z]{2,24}|\.한국|,(?:com|net|org|kr))(?![A-Za-z0-9-])`;
const EMAIL_RE = new RegExp(`(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@${EMAIL_DOMAIN}`, 'g');
const EMAIL_UNICODE_LOCAL_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]*(?![\x00-\x7F])\p{L}[0-9._-]*@` + EMAIL_DOMAIN,
  'gu',
);
// Spelled-out addresses: kim(at)naver.com, kim [at] naver.com, kim @ naver.com. The domain must
// still end in a dot and a TLD, which prose almost never does.
const EMAIL_OBFUSCATED_RE = new RegExp(
  String.raw`(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+(?:\s?[([{]\s?at\s?[)\]}]\s?|\s+@\s*|@\s+)` +
    String.raw`[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])`,
  'gi',
);
const EMAIL_AT_WORD_RE = /[([{]\s?at\s?[)\]}]/i;
// 골뱅이 (what Koreans call '@'): kim골뱅이naver.com, kim 골뱅이 naver.com.
const EMAIL_GOLBAENGI_RE = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+\s?골뱅이\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
// Words for '@' and '.': kim [at] daum [dot] net, abc at naver dot com. Checked by spelledEmail.
const EMAIL_SPELLED_RE =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+(\s?[([{]\s?at\s?[)\]}]\s?|\s+at\s+)[A-Za-z0-9-]+(?:(?:\s?[([{]\s?dot\s?[)\]}]\s?|\s+dot\s+|\.)[A-Za-z0-9-]+)+/gi;
const EMAIL_DOT_SPLIT_RE = /\s?[([{]\s?dot\s?[)\]}]\s?|\s+dot\s+|\./i;
const EMAIL_TLDS = new Set(['com', 'net', 'org', 'kr', 'io', 'co', 'me', 'edu', 'gov', 'jp', 'cn', 'us', 'uk', 'biz', 'info', 'ac']);
// A plain "at" needs a mail provider's name after it: "look at this dot com" is prose.
const MAIL_PROVIDERS = /^(?:naver|daum|hanmail|gmail|kakao|nate|hotmail|outlook|yahoo|icloud|live|msn|korea|empal|dreamwiz|paran|me)$/i;
// Korean words for '@' and '.', and spaces around them (abc123 골뱅이 naver 닷컴, kim.minsu 앳 daum.net,
// kim 골뱅이 daum 점 net, abc123 골뱅이 네이버 닷컴, abc123@ naver. com, abc123 @naver .com): an ASCII
// local part, a word for '@' (골뱅이, 앳, 엣, at, [at]) or '@' itself, then labels joined by '.' or a
// word for it (닷, 점, 쩜, dot), the last a TLD — Latin, or 컴/넷/케이알/오알지 — the big portals'
// names in Hangul (네이버, 다음, 한메일…) standing for theirs. Checked by wordyEmail.
const KO_DOMAIN_WORDS: Readonly<Record<string, string>> = {
  네이버: 'naver', 다음: 'daum', 한메일: 'hanmail', 지메일: 'gmail', 네이트: 'nate', 카카오: 'kakao', 핫메일: 'hotmail',
  야후: 'yahoo', 아웃룩: 'outlook', 구글: 'google', 씨오: 'co', 컴: 'com', 넷: 'net', 케이알: 'kr', 오알지: 'org',
};
const EMAIL_WORD_LABEL = '(?:[A-Za-z0-9][A-Za-z0-9-]*|네이버|다음|한메일|지메일|네이트|카카오|핫메일|야후|아웃룩|구글|씨오)';
const EMAIL_WORD_DOT = String.raw`(?: ?\. ?| ?[닷점쩜] ?| ?[([{] ?dot ?[)\]}] ?| +dot +)`;
const EMAIL_WORDS_RE = new RegExp(
  String.raw`(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+( ?(?:골뱅이|[앳엣]) ?| +at +| ?[([{] ?at ?[)\]}] ?| ?@ ?)` +
    `(${EMAIL_WORD_LABEL}(?:${EMAIL_WORD_DOT}${EMAIL_WORD_LABEL})*${EMAIL_WORD_DOT}(?:[A-Za-z]{2,24}(?![A-Za-z0-9_%+@-]| ?@)|컴|넷|케이알|오알지))`,
  'gi',
);
const EMAIL_WORD_DOT_SPLIT_RE = new RegExp(EMAIL_WORD_DOT, 'i');
// 점 alone is everyday (평점, 10점); only before a TLD.
const EMAIL_JEOM_QUICK_RE = /점 ?[A-Za-z컴넷]/;
// With an '@' and no words: only a space next to a '.' of the domain (abc@naver. com) needs EMAIL_WORDS_RE.
const SPACED_DOT_AFTER_AT_RE = /@[A-Za-z0-9.-]*(?: \.|\. )/;
// After '@' with a space around a '.', only the TLDs addresses here end in: "thanks @john. me too" is prose.
const EMAIL_SPACED_TLDS = new Set(['com', 'net', 'org', 'kr']);
// Before a plain "at", English words that end a phrase ("look at naver dot com", "sold at gmarket.com")
// are not a mailbox's name.
const AT_PROSE_WORDS_RE = /^(?:look|looking|looked|stare|staring|shop|shopping|shopped|buy|buying|bought|sold|sell|selling|available|found|find|search|searching|order|ordered|sign|signed|log|logged|me|us|you|him|her|them|it|this|that|is|are|was|were|be|been|arrive|arrived|here|there|online|up|in|on|out|only|also|even|just|back|home)$/i;
// A big provider's name with no TLD (kim88@naver): the address all the same.
const EMAIL_PROVIDER_ONLY_RE = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:naver|daum|hanmail|gmail|nate|kakao|hotmail|outlook|yahoo|icloud)(?![A-Za-z0-9-]|\.[A-Za-z0-9])/gi;

// Names right after a label. Korean: a common surname (one syllable, or two for 남궁, 황보…) and
// one or two more syllables; checked by checkName.
const SURNAMES = '김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국';
const NAME_LABEL_QUICK_RE = /성함|이름|고객명|성명|실명|예금주|받는 ?(?:분|사람)|보내는 ?(?:분|사람)|수령인|수취인|주문자|구매자|신청자|예약자|\bname\b/i;
const NAME_RE = new RegExp(
  '(?:(?:고객|회원|주문자|구매자|수령인|수취인|예약자|신청자|받는 ?(?:분|사람)|보내는 ?(?:분|사람)) ?(?:명|이름|성함|성명)' +
    '|성함|이름|성명|실명|예금주|받는 ?(?:분|사람)|보내는 ?(?:분|사람)|수령인|수취인|주문자|구매자|신청자|예약자)' +
    '(\\s?[:：=]\\s?|\\s?(?:은|는)\\s?|\\s)' +
    `((?:남궁|황보|제갈|선우|독고|사공|서문)[가-힣]{1,2}|[${SURNAMES}][가-힣]{1,2})`,
  'g',
);
// What may follow a name directly: a copula, an honorific, a particle of direction.
const NAME_ENDING_RE = /^(?:입니다|이에요|예요|이고|이며|이구요|이요|님|씨|고객)/;
// Endings of direction (김민수로, 김민수에게) are as common after any word: only after a label of a
// transfer or a delivery, where a name is what follows (예금주 김민수로 입금).
const NAME_DIRECTION_RE = /^(?:으로|로|한테|에게|명의|앞으로)/;
const NAME_DIRECTION_LABEL_RE = /^(?:예금주|받는 ?(?:분|사람)|보내는 ?(?:분|사람)|수령인|수취인)/;
// Words that follow these labels and start with a surname's syllable (이름 변경, 예금주 명의…).
const NAME_STOP_RE =
  /^(?:변경|정정|정보|수정|조회|한글|영문|영어|한자|국문|오류|전체|전부|표시|공개|노출|문제|중복|인증|설정|변환|검색|기재|기입|모두|모름|동일|동명|마스킹|정확|제대로|이상|이미|길이|글자|반영|반대|부분|상태|상관|본인|명의|확인|입력|등록|성별|공란|미입력|미기재|일치|불일치|다름|변동|가입|순서|표기|띄어|대소|앞뒤|변조|도용|정상|주소|연락|번호|계좌|계정|아이디|전화|명과|명이|명을|명은|명도|이름|성함|성명|하나|석자|어떻게|어디|어떤|누구|모두|이런|그런|저런|이렇게|그렇게|정말|진짜|이번|지난|다음|이제|그냥|바로|제가|저도|우리|여기|거기|조금|좀더|한번|한글|그대로|아직|이미|모르|없어|없는|있는|같은|같아|다른|나오|하고|해서|해도|해요|했는데|이라|이랑)/;
const NAME_PARTICLE_END = new Set(['이', '가', '을', '를', '도', '의', '에', '로', '과', '와', '는', '만', '랑']);
// English: "my name is Jane Park", "name: Jane Park".
const NAME_EN_RE =
  /\b(?:[Mm]y [Nn]ame is|(?<!\b(?:[Pp]roduct|[Ff]ile|[Ss]tore|[Bb]rand|[Ii]tem|[Mm]odel|[Aa]pp|[Cc]ompany|[Ss]hop|[Dd]evice|[Ee]vent|[Pp]lan|[Pp]roject|[Dd]omain|[Hh]ost|[Ss]erver|[Ff]ield|[Dd]isplay|[Uu]ser|[Nn]ick|[Ss]creen|[Bb]usiness|[Gg]roup|[Tt]eam|[Bb]ank|[Pp]age|[Ss]ite)[ _-]?)[Nn]ame\s?:)\s{1,2}([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\b/g;

// Names in free text, by the honorific or role word next to them (김민수 고객님, 박지영님이, 담당자
// 이서준 님께, 홍길동 고객 요청으로, 상담사 김하늘): read by koreanFullName. A Korean name here is
// three syllables (a one-syllable surname and two), or a two-syllable surname (남궁, 황보…) and one or
// two. Two syllables alone are not taken: before 님 they are nearly always a role (선생님, 고객님, 기사님,
// 원장님, 이모님), and a two-syllable full name is rare.
// What may follow the honorific (or a name after a role word): not a syllable that makes it a longer
// word (조용한 씨앗, 홍길동 고객센터), only a particle or a copula.
const NAME_FREE_AFTER = '(?:[^가-힣]|$|께|이|가|은|는|의|을|를|도|과|와|한테|에게|랑|하고|만|요|입|였|으로|로|들|처럼|보다|까지|부터|에|조차|마저)';
const NAME_FREE_WORD = '(?:남궁|황보|제갈|선우|독고|사공|서문)[가-힣]{1,2}|[가-힣]{3}';
// The honorifics (님, 씨, 고객님, 회원님, 선생님, 과장님, 대리님, 팀장님, 주임님, 기사님, 매니저님,
// 상담사님; 고객 alone) are found by collectHonorificNames with indexOf: a pattern that may start at
// any syllable cost a quarter of redactPii's time on review text.
const TITLE_STEMS_BEFORE_NIM = new Set(['고객', '회원', '선생', '과장', '대리', '팀장', '주임', '기사', '매니저', '상담사']);
const NAME_FREE_AFTER_RE = new RegExp(`^${NAME_FREE_AFTER}`);
const NAME_ROLE_DAM_RE = /담당자|상담[사원]/;
const NAME_ROLE_RE = new RegExp(`(?:담당자|상담사|상담원|기사|고객)님? (${NAME_FREE_WORD})(?=${NAME_FREE_AFTER})`, 'g');
const COMPOUND_SURNAMES = new Set(['남궁', '황보', '제갈', '선우', '독고', '사공', '서문']);
// Syllables of Korean given names. Words that start with a surname's syllable mostly go on with one
// no parent picks (서비스, 구독자, 고양이): the cheapest structural test, and it generalises.
const GIVEN_NAME_SYLLABLES = new Set(
  ('가각간강건걸겸경계고곤공관광교구국군권규균근금기길나난남노늘다단달담대덕도돈동두득라란람랑래량려련렬령례로록료룡루류륜률름리린림립' +
    '마만말매맹면명모목묵문미민밀바박반방배백범벽변별병보복본봉부분비빈빛사산삼상새샘생서석선설섭성세소솔송수숙순술숭슬승시식신실심' +
    '아안알애야양언엄여연열염엽영예오옥온완왕요용우욱운웅원월위유윤율융은을음응의이익인일임자작장재전정제조종주준중지직진찬창채처천철청' +
    '초춘충치칠탁태택평표품풍필하학한함항해행향허헌혁현협형혜호홍화환활황효후훈휘흠흥희').split(''),
);
// Words of three syllables that start like a name and take 님, 씨 or 고객: roles, kinds of
// customer, family and places (found in reviews and help-desk text; NAME_FREE_STOP_PREFIX has more).
const NAME_FREE_STOP = new Set(
  ('이용자 유지율 진행자 전문가 안내원 고령자 장애인 한국인 주인공 강아지 고양이 시청자 전담자 수령자 송금자 예약자 지원자 계약자 가입자 ' +
    '소유자 원장실 마스터 정도로 정말로 진짜로 우리집 남자친 여자친 남동생 여동생 전남편 전부인 이웃집 조카딸 추기경 지휘자 ' +
    '임산부 거주지 목적지 소재지 도착지').split(' '),
);
// Words that open with a common noun of two syllables, each a surname's and a given name's
// (고객 배송지 변경, 고객 주문건, 이번주, 전체적): things and times, not people.
const NAME_FREE_STOP_PREFIX = new Set(
  '배송 주문 문의 주소 변경 전화 연락 방문 반품 명의 신청 신규 구매 구독 이번 이전 이후 조회 지난 전체 전부 기존 기타 모든 안내 인증 전환 소비 국내 한국 고객'.split(' '),
);
// The two syllables after a surname's that make a role, not a given name (조배우님, 백대표님, 여선생님).
const NAME_FREE_ROLE_TAIL = new Set(
  '배우 대표 선생 장군 기자 작가 감독 사장 회장 부장 과장 차장 팀장 실장 원장 교수 의사 박사 선배 후배 기사 교사 목사 신부 수녀 형님 누나 언니 오빠 동생'.split(' '),
);
// A name ends on none of these: particles (정보가, 고객을), adnominal and verb endings (이상한 님,
// 하세요 님), role syllables (소방관님, 선교사님, 조리장님).
const NAME_FREE_BAD_LAST = new Set([...'이가을를도의에로과와는만랑', ...'한운던된할쁜픈른온요', ...'관사장']);
// English, conservatively: a self-introduction at the start of a text or after a greeting,
// "Hi, this is Jane Park from …"; first and last name, then from/here/speaking or the sentence's end.
const NAME_EN_INTRO_RE =
  /(?:^|(?:^|[.!?]\s+)(?:[Hh]i|[Hh]ello|[Hh]ey|[Gg]ood (?:morning|afternoon|evening)|[Dd]ear \w+)[,!]?\s+|[.!?]\s+)[Tt]his is ([A-Z][a-z]+ [A-Z][a-z]+)(?=\s+(?:from|here|speaking|with|at)\b|\s*[,.!?]|\s*$)/g;
// "This is Central Park.", "This is Customer Service": a place, a team or a product, not a person.
const NAME_EN_NOT_FIRST = /^(?:The|This|That|My|Our|Your|Their|Central|New|Old|North|South|East|West|Customer|Client|Tech|Technical|Sales|Account|Order|Product|Premium|Great|Very|Really|Not|Just|Still|Also|So)\b/;
const NAME_EN_NOT_LAST = /\b(?:Avenue|Street|Road|Lane|Drive|Square|Center|Centre|Hotel|Mall|Store|Station|Airport|Bank|Company|Team|Support|Service|City|University|College|School|Hospital|Plaza|Tower|Building|Edition|Version|Pro|Max|Plus)$/;

// A sign-off's last line: a full name alone or with 드림/올림 (collectSignOffName), at most this long with its break.
const SIGN_OFF_MAX = 12;
const SIGN_OFF_RE = /\n[ \t]*([가-힣]{3,4})(?:[ \t]?(?:드림|올림))?[ \t.]*$/;
// The line before it thanks or asks, as a letter's last line does.
const SIGN_OFF_BEFORE_RE = /감사|고맙|부탁|수고|안녕히|드립니다|올립니다/;

// Addresses with their numbers (see the header): a road (…로/…길 123-4) or a lot (…동/읍/면/리 1234-5)
// after at least one district word (…시/군/구), with the province before and the unit after.
const ADDRESS_RE = new RegExp(
  '(?:(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|충청|전북|전남|전라|경북|경남|경상|제주)[가-힣]*\\s)?' +
    // A district: a city, county or ward word (…시, …군, …구), not an everyday word ending so.
    '(?:(?!(?:당시|역시|혹시|다시|잠시|즉시|동시|임시|수시|항시|정시|친구|연구|요구|도구|가구|입구|출구|창구|인구|야구|농구|축구|배구|장군|아군|적군)\\s)[가-힣]{1,8}(?:시|군|구)\\s){1,3}' +
    '(?:[가-힣]{1,6}(?:동|읍|면)\\s)?' +
    // A road and its building number, or a lot and its number (with its hyphen or 번지: a bare number after 면 or 동 is as often a count).
    '(?:[가-힣0-9]{1,15}(?:로|길)\\s?\\d{1,5}(?:-\\d{1,5})?(?![0-9]|\\s?(?:번|개|시|분|원|명|회|차|월|일|년|살|세|점|%|km|m\\b))' +
    '|[가-힣]{1,6}(?:동|읍|면|리)\\s?\\d{1,5}(?:-\\d{1,5}|\\s?번지))' +
    '(?:,?\\s?\\d{1,4}\\s?동\\s?\\d{1,5}\\s?호|,?\\s?\\d{1,3}\\s?층)?',
  'g',
);
const ADDRESS_QUICK_RE = /[시군구동읍면] [가-힣0-9]{1,15}(?:로|길|동|읍|면|리) ?[0-9]/;
const UNIT_RE = new RegExp(`${START}\\d{1,4}\\s?동\\s?\\d{1,5}\\s?호(?![0-9])`, 'g');

// 개인통관고유부호: P and 12 digits.
const CUSTOMS_RE = /(?<![0-9A-Za-z])[Pp][0-9]{12}(?![0-9A-Za-z])/g;

// Back part: six digits, or a masked form (1******, 1*** ***, 1xxxxxx) with at least one mask.
const RRN_BACK = String.raw`(?:\d{6}|(?=[0-9 ]{0,6}[*xX●])[0-9*xX●](?: ?[0-9*xX●]){5})`;
const RRN_RE = new RegExp(`${START}${YYMMDD}( ?[-._] ?| )?([1-8])${RRN_BACK}${END}`, 'g');
// The birth date written as a date, with '.' or '/' (85.12.24-2345670, 1985.12.24-2345670), then
// '-' and the back part; not a space (a date, a space and seven digits is as often a date and an order).
// Checked by checkDottedRrn (a four-digit year must agree with the back part's century digit). The
// quick test, without look-behinds, spares the full pattern on texts with a version and a dash.
const RRN_DOTTED_QUICK_RE = /[0-9][./][01][0-9][./][0-3][0-9] ?- ?[1-8]/;
const RRN_DOTTED_RE = new RegExp(
  `${START}((?:19|20)?\\d\\d)([./])(?:0[1-9]|1[0-2])\\2(?:0[1-9]|[12]\\d|3[01]) ?- ?([1-8])${RRN_BACK}${END}`,
  'g',
);
// The two halves written apart with a word for the back part between them, no 주민번호 label
// needed (생년월일 851224 뒷자리 2345670, 85.12.24 뒤 7자리 2345670): each half replaced on its own,
// the words between kept. 뒷자리 names seven digits only for an RRN (a phone's or card's has four).
const RRN_SPLIT_RE = new RegExp(
  `${START}(${YYMMDD}|\\d\\d([./])(?:0[1-9]|1[0-2])\\2(?:0[1-9]|[12]\\d|3[01]))${END}` +
    `[^0-9\\n]{0,12}?(?:뒷|뒤) ?(?:자리|번호|7 ?자리|일곱 ?자리)[^0-9\\n]{0,4}?(?<![0-9])([1-8])(?:\\d{6}|[*xX●]{6})${END}`,
  'g',
);
// A label of another number right before the first half: its own front and back (계좌 앞자리 110123 뒷자리 …).
const RRN_SPLIT_OTHER_LABEL_RE = /(?:계좌|카드|전화|연락처|휴대폰|핸드폰|주문|송장|운송장|접수|예약|사업자|번호판|\bcard|\bphone|\baccount)[^0-9\n]{0,12}$/i;
// Born in 2000 or later (3, 4, 7, 8) with a two-digit year still to come: no such number exists,
// while EAN-13 barcodes (8801…, 8809…) have exactly this shape.
const CURRENT_YY = new Date().getUTCFullYear() % 100;
// A code word right after the number ("2411231234567 주문건"): an order, not a person.
const CODE_WORD_AFTER_RE = /^\s?(?:주문|접수|예약|운송장|송장)\s?(?:건|번호)/;
// The same words bare, directly before it ("접수 241103-1234567 건", "예약: 241103-…"): the 접수 or
// 예약 that number is. Only for an RRN's shape (a card or phone after them is still one).
const BARE_CODE_WORD_BEFORE_RE = /(?:접수|예약)(?: ?건)?\s?[:：#]?\s?$/;
// Only next to a 주민번호/외국인등록번호 label: the short form 880214-1 (group 1), and the two
// halves written apart, 앞자리 880214 뒷자리 1234567 (group 2) — each half is replaced on its own.
const RRN_LABELLED_RE = new RegExp(
  `${START}${YYMMDD}(?: ?- ?([1-8])(?: ?[*xX●]{1,6})?(?![0-9*xX●]|[-_][0-9A-Za-z]|\\.[0-9])` +
    `|(?![0-9])[^0-9\\n]{1,12}?(?<![0-9])([1-8])(?:\\d{6}|[*xX●]{6})${END})`,
  'g',
);
const RRN_LABEL_RE = /주민|외국인|\bARC\b|\bRRN\b|[Rr]esident registration/;
// Also only next to the label: a typo in the date part (901301-…), a space inside the back part
// (900101-123 4567), and the back half alone after 뒷자리.
const RRN_LABELLED_LOOSE_RE = new RegExp(
  `${START}(?:\\d{6}( ?[-._] ?| )?([1-8])(?:\\d ?){5}\\d|(?<=뒷 ?자리[^0-9\\n]{0,4})([1-8])\\d{6})${END}`,
  'g',
);
// Numbers the same kind of word follows override a code label before them ("주문번호 … 카드로 결제").
const RRN_WORD_RE = /주민|외국인/;
const CARD_WORD_RE = /카드|\bcard/i;
const PHONE_WORD_RE = /전화|연락|휴대|핸드폰|\bphone|\btel\b|\bmobile|\bcall/i;
const RRN_LABEL_WINDOW_BEFORE = 40;
const RRN_LABEL_WINDOW_AFTER = 30;

const CARD_RE = new RegExp(
  `${START}(?:\\d{4}(?:(?: ?[-.] ?| )\\d{4}){3}|\\d{4}([-. ])\\d{6}\\1\\d{4,5}|\\d{4}([-. ])\\d{8}\\2\\d{4}|\\d{13,19})${END}`,
  'g',
);
// Twelve digits shown and the last four masked (4111-1111-1111-****): more than the first six and
// last four a receipt may show.
const CARD_MASKED_RE = new RegExp(`${START}\\d{4}(?:[-. ]\\d{4}){2}[-. ][*xX●]{4}(?![0-9*xX●])`, 'g');
// A card's grouped number (or 15–16 digits) right after a word ending in 카드 (카드, 신한카드,
// 체크카드, 결제카드) or "card": the card even when mistyped, if it starts like one.
const CARD_WORD_LABELLED_RE = new RegExp(
  String.raw`(?:카드|\bcard)\s{0,2}(?:은|는|이|가|을|를|으로|로)?\s{0,2}[:：=#(\[]?\s{0,2}` +
    `(${START}(?:\\d{4}(?:(?: ?[-.] ?| )\\d{4}){3}|\\d{4}([-. ])\\d{6}\\2\\d{5}|\\d{15,16})${END})`,
  'gi',
);

// A card label, and the number written right after it: a first group of four then two or three
// groups of 3–6 digits (never a date's 2-digit groups), or one run; 13–19 digits in all (checked).
// The gap is bounded, so a long run of spaces cannot make the match backtrack.
const CARD_LABEL_RE = /카드 ?번호|\bcard[ _-]?(?:number|num|no\b|#)/i;
const CARD_LABELLED_RE = new RegExp(
  String.raw`(?:카드 ?번호|\bcard[ _-]?(?:number|num|no\b\.?|#))\s{0,2}(?:은|는|이|가|을|를)?\s{0,2}[:：=#(\[]?\s{0,2}` +
    `(${START}(?:\\d{4}(?:(?: ?[-.] ?| )\\d{3,6}){2,3}|\\d{13,19})${END})`,
  'gi',
);

// Passport numbers, taken only near a 여권/passport label (see nearLabel). Korean: a type letter and
// 8 digits, or (since Dec 2021) letter, 3 digits, letter, 4 digits; other countries: one or two
// letters and 6–8 digits, or 9 digits (US); letters in either case (m12345678 typed in a chat).
const PASSPORT_RE = /(?<![0-9A-Za-z])(?:[A-Z]{1,2}[0-9]{6,8}|[MSRGDT][0-9]{3}[A-Z][0-9]{4}|[0-9]{9})(?![0-9A-Za-z])/gi;
const PASSPORT_LABEL_RE = /여권|passport/i;
const PASSPORT_LABEL_WINDOW_BEFORE = 40;
const PASSPORT_LABEL_WINDOW_AFTER = 20;
// Driver's licence numbers: region code (11–26, 28), year, serial, check digits — 11-12-345678-90
// with '-', '.' or spaces; or the older printed form with the region's name, 서울 12-345678-90.
// (?: ?[-.] ?| ) between groups; one separator kind is not enforced, a licence typed by hand mixes them.
const LICENSE_SEP = String.raw`(?: ?[-.] ?| )`;
const LICENSE_REGIONS = '서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산';
const LICENSE_RE = new RegExp(
  `${START}(?:(?:1[1-9]|2[0-68])${LICENSE_SEP}\\d{2}|(?<=(?:${LICENSE_REGIONS})(?:\\s?))\\d{2})${LICENSE_SEP}\\d{6}${LICENSE_SEP}\\d{2}${END}`,
  'g',
);
// Every licence number above holds a six-digit serial between separators: a cheap test before LICENSE_RE,
// whose look-behinds at every position cost more than any other pattern on digit-heavy text.
const LICENSE_QUICK_RE = /[0-9](?: ?[-.] ?| )[0-9]{6}(?: ?[-.] ?| )[0-9]{2}/;
// With a licence label right before, also the unseparated 12 digits.
const LICENSE_LABEL_RE = /면허|driv(?:er'?s?|ing)[ _-]?licen[cs]e|\bDL\b|licen[cs]e (?:no|number|#)/i;
const LICENSE_PLAIN_RE = new RegExp(`${START}(?:1[1-9]|2[0-68])\\d{10}${END}`, 'g');
const LICENSE_LABEL_WINDOW_BEFORE = 30;
const LICENSE_LABEL_WINDOW_AFTER = 20;

const PHONE_KR_RE = new RegExp(
  `${MOBILE_START}(?:\\(01[016789]\\)|01[016789]\\)?)${SEP}\\d{3,4}${SEP}\\d{4}${MOBILE_END}` + // 010…, (010)…
    `|${START}(?:` +
    `(?:\\(\\+ ?82\\)|\\+ ?\\(?82\\)?|00 ?82|82(?=[-. ]))${SEP}(?:\\(0\\) ?|0)?${KR_PREFIX}` + // +82 10…, 0082-10…, 82-2…, +82 (0)10…
    `|0(?:2|[3-6][1-5]|70|50[2-8])` + // 02…, 031…, 070…, 0505…
    `|\\(?0(?:2|[3-6][1-5]|70|50[2-8])\\) ?` + // (02) 123-4567, 02)123-4567
    `)${SEP}\\d{3,4}${SEP}\\d{4}${END}`,
  'g',
);

// A mobile spelled in Hangul numerals or mixed with them (공일공-일이삼사-오육칠팔, 공일공 1234 5678),
// as people write one to get past a filter: the prefix, then groups of 3–4 and 4 digits, any digit a
// numeral syllable, at most one '-', '.' or space between groups (checkSpelledPhone: at least one
// numeral). The last group is exactly four, so a particle after it (…오육칠팔이에요, 이 being 2) is not
// taken for a digit. And typed in fragments, digits only: single digits a space apart (0 1 0 1 2 …)
// or the 01x prefix and three or four short groups (010 12 34 56 78); dashes between single digits
// (좌석 0-1-7-2-…) are left alone.
const SPELLED_DIGIT = '[0-9공영일이삼사오육륙칠팔구]';
// Particles people put between the groups when they say or type a number as a sentence
// (010에 9876에 5432, 공일공에 구팔칠육에 오사삼이, 010이고 9876이고 5432). Between numerals only those
// without a numeral's syllable (이고 could be a 2 and a particle): checkSpelledPhone counts every numeral.
const SPELLED_PARTICLE = '(?:에|하고|랑|으로|다음에?|그리고)';
const PHONE_PARTICLE = `(?:${SPELLED_PARTICLE.slice(3, -1)}|이고|이구|이요|이랑)`;
const SPELLED_SEP = `(?:[-. ]| ?${SPELLED_PARTICLE} ?)?`;
const PHONE_SPELLED_RE = new RegExp(
  `(?<!${SPELLED_DIGIT})[0공영]${SPELLED_SEP}[1일]${SPELLED_SEP}[016789공영일육륙칠팔구]${SPELLED_SEP}${SPELLED_DIGIT}{3,4}${SPELLED_SEP}${SPELLED_DIGIT}{4}(?![0-9])`,
  'g',
);
// A mobile or landline in digits with particles (or, for a mobile, commas) between its groups:
// 010에 9876에 5432, 02하고 123하고 4567, 010, 9876, 5432. checkParticlePhone wants at least one such
// gap (the rest is PHONE_KR_RE's) and the prefix right: "010에 도착" has no groups after it.
// Every gap holds something (010이고 2345670 is not taken) and no amount or count follows (…4567원).
const PHONE_PARTICLE_GAP = `(?: ?(?:${PHONE_PARTICLE}|,) ?| ?[-./_${MIDDLE_DOTS}] ?| )`;
const PHONE_PARTICLE_RE = new RegExp(
  `${START}(?<![0-9][,.])(01[016789]|0(?:2|[3-6][1-5]|70|50[2-8]))(${PHONE_PARTICLE_GAP})\\d{3,4}(${PHONE_PARTICLE_GAP})\\d{4}` +
    `${MOBILE_END}(?! ?(?:원|개|명|회|건|%|만|억|달러))`,
  'g',
);
// The gate: a prefix's shape, a particle or a comma, a digit. Starting on a literal '0' lets the
// engine skip ahead ("15,000원" has no such 0), where PHONE_PARTICLE_RE's look-behinds cannot.
const PHONE_PARTICLE_QUICK_RE = new RegExp(`0[1-7][0-9]{0,2} ?(?:${PHONE_PARTICLE}|,) ?[0-9]`);
const PHONE_FRAGMENTED_RE = /(?<![0-9])(?:0 1 [016789](?: [0-9]){7,8}|01[016789](?: [0-9]{1,3}){3,4})(?![0-9])/g;
const SPELLED_QUICK_RE = /[0공영][-. ]?[1일][-. ]?[016789공영일육륙칠팔구]/;
const SPELLED_DIGITS: Record<string, string> = { 공: '0', 영: '0', 일: '1', 이: '2', 삼: '3', 사: '4', 오: '5', 육: '6', 륙: '6', 칠: '7', 팔: '8', 구: '9' };

// A mobile without its leading 0 (10-1234-5678), right after a phone label only.
const PHONE_NO_ZERO_RE = new RegExp(`${START}1[016789]${SEP}\\d{3,4}${SEP}\\d{4}${END}`, 'g');
// The country code without its '+', glued to the number (821012345678): right after a phone label
// only, as unlabelled twelve digits starting 82 are as often an order number.
const PHONE_CC_GLUED_RE = new RegExp(`${START}820?${KR_PREFIX}${SEP}\\d{3,4}${SEP}\\d{4}${END}`, 'g');
const PHONE_LABEL_BEFORE_RE = /(?:전화|연락처|휴대폰|핸드폰|\bphone|\btel|\bmobile|\bHP)\s?(?:번호)?\s?(?:은|는|이|가)?\s?[:：]?\s?$/i;

// +CC followed by 2–5 groups; validated to 8–15 digits. +82 is handled above.
const PHONE_INTL_RE = new RegExp(`(?<![0-9A-Za-z+])\\+(?!82)[1-9]\\d{0,2}(?:[-. ]?\\(?\\d{1,4}\\)?){2,5}${END}`, 'g');

// (415) 555-0132, 415-555-0132, 415.555.0132. No Korean number has this 3-3-4 shape with a
// leading 2–9 (Korean landlines start with 0, Shinhan accounts are 3-3-6).
const PHONE_NANP_RE = new RegExp(`${START}(?:\\([2-9]\\d\\d\\) ?|[2-9]\\d\\d[-.])[2-9]\\d\\d[-.]\\d{4}${END}`, 'g');

// Hyphenated groups (새마을 9002-1234-5678-9), space-separated groups (110 123 456789) or a plain
// run. Amounts such as "10000000000원" are money, not accounts.
const ACCOUNT_RE = new RegExp(
  `${START}(?:\\d{2,7}(?:-\\d{1,7}){1,4}|\\d{2,7}(?: \\d{1,7}){1,4}|\\d{10,14})` +
    `(?![0-9]|[-_][0-9A-Za-z]|\\.[0-9]| ?(?:원|%|만|억|달러|엔))`,
  'g',
);

const IPV6_RE = /(?<![0-9A-Za-z:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![0-9A-Za-z:]|\.\d)/g;

const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4_RE = new RegExp(`(?<![0-9.])(?:${OCTET}\\.){3}${OCTET}(?![0-9]|\\.[0-9])`, 'g');
const IPV4_EXACT_RE = new RegExp(`^(?:${OCTET}\\.){3}${OCTET}$`);
// A four-part version right after what it versions (앱 4.2.0.15, 펌웨어를 1.0.0.12로, One UI 6.1.0.2,
// 업데이트(2.3.1.0)) or right before 버전/build. Only the word next to the number counts, so
// "접속 IP 10.0.0.1" and "version check from 10.0.0.12" stay addresses.
const VERSION_BEFORE_RE = new RegExp(
  String.raw`(?:\bv|\bver|\bversion|\bbuild|\bfirmware|\bfw|\b(?:up|down)(?:date|grade)[ds]?(?:\s+to)?|\bui|\bios|\bipados|` +
    String.raw`\bandroid|\bos|\bapp|\brelease|\bpatch|\bsdk|버전|빌드|펌웨어|업데이트|업그레이드|앱|패치|릴리[즈스]|` +
    String.raw`\bchrome|\bwhale|\bedge|\bsafari|\bfirefox|\bopera|samsung ?internet|\bbrowser|크롬|웨일|엣지|사파리|파이어폭스|오페라|삼성 ?인터넷|브라우저)` +
    String.raw`\.?\s*(?:은|는|이|가|을|를|의)?\s*[:=([]?\s*v?\.?\s*$`,
  'i',
);
const VERSION_AFTER_RE = /^\s*(?:버전|빌드|업데이트|업그레이드|패치|\bversion\b|\bver\b|\bbuild\b|\bupdate\b)/i;
const VERSION_WINDOW = 24;
const HEX_GROUP_RE = /^[0-9A-Fa-f]{1,4}$/;
const NON_DIGIT_RE = /[^0-9]/g;
const HAS_DIGIT_RE = /[0-9]/;

// Labels that say what the number next to them is. Group 1: account words and bank names (a
// card issuer such as 신한카드 is not one); group 2: everyday words that name a bank or a
// transfer (우리, 하나, 기업, 입금…) and count only right next to the number, since "우리 회사",
// "하나도" and "입금했는데 (order number)" are common; group 3: codes that are not personal;
// group 4: other personal data (decides ties like "주문한 카드 4111…").
const LABEL_RE = new RegExp(
  // The look-ahead lists every label's first letter: it rejects most positions in one step.
  '(?=[계예환은국신농nikls씨우카토케새수증abrwh입송이하기주운배택등사상제모품바쿠접티일시회고영승가견문관otspmceu전연휴핸폰외])' +
  '(?:(계좌|예금주|환불 ?받|은행|국민(?!카드)|신한(?!카드)|농협(?!카드)|\\bNH(?!카드|[a-z])|\\bIBK(?![a-z])|\\bKEB(?![a-z])|SC ?제일|씨티(?!카드)|' +
    '우체국(?! ?(?:택배|등기|소포|EMS))|카카오(?:뱅크)?(?!톡|페이|택시|맵|T|프렌즈|계정|아이디|선물|메일|채널|게임)|카뱅|' +
    '토스(?:뱅크)?(?!트|페이)|케이뱅크|새마을|신협|수협|증권(?! ?번호)|' +
    '\\baccount|\\bacct|\\bbank|\\biban|\\brouting|' +
    '\\bshinhan|\\bkookmin|\\bwoori|\\bhana\\b|\\bnonghyup|\\bkakao ?bank|\\btoss ?bank)' +
    '|(입금|송금|이체|환불|(?:우리|하나|기업)(?!은행))' +
    '|(주문|운송장|송장|배송|택배|등기|사업자|상품|제품|모델|품번|바코드|쿠폰|예약|접수|티켓|일련|시리얼|회원번호|고객번호|영수증|승인번호|가맹점|' +
    '견적|문의번호|증권 ?번호|관리번호|' +
    '\\border|\\btracking|\\binvoice|\\bshipment|\\bsku|\\bproduct|\\bmodel|\\bserial|\\bticket|\\bcoupon|\\bbooking|\\breservation|\\bbarcode|\\bean|\\bupc|\\bisbn)' +
    '|(카드|전화|연락처|휴대폰|핸드폰|폰|주민|외국인|\\bcard|\\bphone|\\btel|\\bmobile|\\bcall))',
  'gi',
);
const LABEL_WINDOW_BEFORE = 50;
const LABEL_WINDOW_AFTER = 20;
// What may stand between a code label and the code it names: "주문번호: 2024…", "운송장번호는 6012…".
const CODE_GAP_RE = /^(?: ?(?:번호|코드|넘버|no\.?|number|#))?\s?(?:은|는|이|가)?\s?[:：#(]?\s?$/i;
// What may stand between a weak label and its number: "입금: 110-…", "우리 1002-…".
const ADJACENT_GAP_RE = /^\s?(?:은|는|을|를)?[\s:：]*$/;

// A compound code label directly before a number (주문번호: …, 운송장번호는 …, 상품권 PIN …,
// 주문번호(…)) says what it is, even when it has the shape of an RRN, a card or a landline.
// Bare everyday words (배송, 상품, 택배) further away do not: "배송 받는 분 880214…" is an RRN.
const CODE_LABEL_RIGHT_BEFORE_RE = new RegExp(
  '(?:주문|운송장|송장|등기|(?:배송|택배) ?(?:조회 ?)?번호|' +
    '(?:접수|예약|티켓|일련|회원|고객|영수증|승인|가맹점|문의|견적|관리|증권|거래|결제) ?번호|' +
    '(?:상품|제품) ?(?:코드|번호)|품번|모델 ?(?:명|번호)|바코드|쿠폰|상품권|기프티콘|시리얼|사업자(?: ?등록)?|' +
    '\\bpin|\\border|\\btracking|\\binvoice|\\bsku|\\bserial|\\bticket|\\bcoupon|\\bbooking|\\breservation|' +
    '\\bbarcode|\\bean|\\bupc|\\bisbn|\\bref|\\bimei|\\bmeid|(?:기기|단말기?) ?번호)' +
    '(?: ?(?:번호|코드|넘버|no\\.?|number|num|id|#))?\\s?(?:은|는|이|가)?\\s?[:：#=(\\[]?\\s?$',
  'i',
);
const CODE_LABEL_WINDOW = 24;
// A device's own number right before (기기 고유번호, 단말기 고유번호, IMEI/MEID/ESN): an IMEI passes
// Luhn and may start like a card. Cards only: nobody's RRN is written after these.
const DEVICE_LABEL_RIGHT_BEFORE_RE = /(?:고유 ?(?:식별)?번호|\bimei|\bmeid|\besn)(?: ?(?:번호|no\.?|number|#))?\s?(?:은|는|이|가)?\s?[:：#=(\[]?\s?$/i;

// Hangul syllables that wake a detector, found in redactPii's first pass by one table look-up a
// syllable: the words for '@' and '.' (앳, 엣, 닷, 쩜; 점 only before a TLD), for an RRN's back
// part (뒷자리, 뒤 7자리), the honorifics a name comes before (님, 씨) and a syllable of the words
// around a name (고객, 담당자, 상담사: 객, 담; 기사: 기), each confirmed by a search for the word.
const MARK_EMAIL_WORD = 1;
const MARK_JEOM = 2;
const MARK_BACK = 4;
const MARK_HONORIFIC = 8;
const MARK_ROLE = 16;
const MARK_GI = 32;
const HANGUL_MARKS = new Uint8Array(0xd7a4 - 0xac00);
for (const [ch, mark] of [['앳', MARK_EMAIL_WORD], ['엣', MARK_EMAIL_WORD], ['닷', MARK_EMAIL_WORD], ['쩜', MARK_EMAIL_WORD], ['점', MARK_JEOM], ['뒷', MARK_BACK], ['뒤', MARK_BACK], ['님', MARK_HONORIFIC], ['씨', MARK_HONORIFIC], ['객', MARK_ROLE], ['담', MARK_ROLE], ['기', MARK_GI]] as const) {
  HANGUL_MARKS[ch.charCodeAt(0) - 0xac00] = mark;
}

/** What the nearest label says a number is. */
const Label = { None: 0, Account: 1, Code: 2, Personal: 3 } as const;
type Label = (typeof Label)[keyof typeof Label];

// --- engine ------------------------------------------------------------------------------------

const KIND_INDEX: Record<PiiKind, number> = Object.fromEntries(PII_KINDS.map((k, i) => [k, i])) as Record<PiiKind, number>;

/** Spans found so far in one call; `taken` marks their characters so later detectors skip them. */
interface Spans {
  starts: number[];
  ends: number[];
  kinds: number[];
  taken: Uint8Array | null;
}

/** Replaces personal data in `text` with placeholders and reports which kinds were found. */
export function redactPii(text: string, options?: RedactOptions): Redaction {
  // Fast path: one pass over the characters decides which detectors can possibly match.
  let digits = 0;
  let ats = 0;
  let colons = 0;
  let dots = 0;
  let pluses = 0;
  let brackets = 0;
  let fold = false;
  let marks = 0;
  let hangul = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x30 && c <= 0x39) digits++;
      else if (c === 0x2e) dots++;
      else if (c === 0x3a) colons++;
      else if (c === 0x40) ats++;
      else if (c === 0x2b) pluses++;
      else if (c === 0x28 || c === 0x5b || c === 0x7b) brackets++;
    } else if (c >= 0xac00 && c <= 0xd7a3) {
      marks |= HANGUL_MARKS[c - 0xac00]!;
      hangul++;
    }
    else if (c >= 0xff01 ? c <= 0xff5e : c === 0xa0 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0x3000 || c === 0x3161 || c === 0x1173 || c === 0x30fc) {
      fold = true;
      if (c >= 0xff10 && c <= 0xff19) digits++;
      else if (c === 0xff20) ats++;
      else if (c === 0xff0e) dots++;
      else if (c === 0xff1a) colons++;
      else if (c === 0xff0b) pluses++;
      else if (c === 0xff08 || c === 0xff3b || c === 0xff5b) brackets++;
    }
  }
  // A spelled-out e-mail (kim(at)naver.com, kim 골뱅이 naver.com, abc at naver dot com) has
  // neither digits nor '@'.
  const atWord = brackets > 0 && dots > 0 && EMAIL_AT_WORD_RE.test(text);
  const golbaengi = text.includes('골뱅이');
  const dotWord = text.includes('dot') || text.includes('DOT');
  // Korean words for '@' or '.' (kim 앳 daum.net, abc123 at naver 닷컴).
  const emailWords = (marks & MARK_EMAIL_WORD) !== 0 || ((marks & MARK_JEOM) !== 0 && EMAIL_JEOM_QUICK_RE.test(text));
  const nameLabel = NAME_LABEL_QUICK_RE.test(text);
  const spelled = SPELLED_QUICK_RE.test(text);
  // 님, 씨, 고객, 상담사/담당자 (their syllables marked), or 기사 with a space: a name may stand next to them.
  const gogaek = (marks & MARK_ROLE) !== 0 && text.includes('고객');
  const nameRole = gogaek || ((marks & MARK_ROLE) !== 0 && NAME_ROLE_DAM_RE.test(text)) || ((marks & MARK_GI) !== 0 && text.includes('기사 '));
  // 님 or 씨, or 고객 (홍길동 고객 요청): a name may stand before it.
  const nameHonorific = (marks & MARK_HONORIFIC) !== 0 || gogaek;
  // "this is Jane Park" is looked for in texts mostly not in Hangul.
  const englishIntro = hangul * 2 < text.length && text.includes('his is ');
  // A letter's last line short enough to be a sign-off (감사합니다.\n류지우, 김민수 드림).
  const lastBreak = text.lastIndexOf('\n');
  const signOff = lastBreak > 0 && text.length - lastBreak <= SIGN_OFF_MAX;
  const names: FreeNameGates = { honorific: nameHonorific, role: nameRole, englishIntro, signOff };
  if (digits === 0 && ats === 0 && !atWord && !golbaengi && !dotWord && !emailWords && !nameLabel && !spelled) {
    // Only a name may be here: its own short path, not every detector's gates.
    if (!nameHonorific && !nameRole && !englishIntro && !signOff) return { text, kinds: [] };
    const spans: Spans = { starts: [], ends: [], kinds: [], taken: null };
    collectFreeNames(text, spans, names);
    return render(text, spans, options);
  }

  const s = fold ? foldToAscii(text) : text;
  const spans: Spans = { starts: [], ends: [], kinds: [], taken: null };

  const shapes = ats > 0 ? atShapes(s) : 0;
  if (ats > 0) {
    if ((shapes & AT_AFTER_NON_ASCII) !== 0) collect(s, spans, EMAIL_UNICODE_LOCAL_RE, () => 'email');
    collect(s, spans, EMAIL_RE, () => 'email');
    if ((shapes & AT_SPACED) !== 0 || atWord) collect(s, spans, EMAIL_OBFUSCATED_RE, () => 'email');
  } else if (atWord) collect(s, spans, EMAIL_OBFUSCATED_RE, () => 'email');
  if (golbaengi) collect(s, spans, EMAIL_GOLBAENGI_RE, () => 'email');
  if (dotWord) collect(s, spans, EMAIL_SPELLED_RE, spelledEmail);
  if (golbaengi || emailWords || (shapes & AT_SPACED) !== 0 || (ats > 0 && SPACED_DOT_AFTER_AT_RE.test(s))) collect(s, spans, EMAIL_WORDS_RE, wordyEmail);
  if (ats > 0) collect(s, spans, EMAIL_PROVIDER_ONLY_RE, () => 'email');
  if (digits >= 12) collect(s, spans, CUSTOMS_RE, () => 'customs_code');
  // The shortest numeric PII is a masked RRN (7 characters, 880214-1 with a label); phones have
  // at least 8 digits.
  // A licence number goes first: its 2-2-6-2 groups would otherwise read as an account's.
  if (digits >= 10) {
    if (LICENSE_QUICK_RE.test(s)) collect(s, spans, LICENSE_RE, () => 'driver_license');
    if (digits >= 12 && LICENSE_LABEL_RE.test(s)) collect(s, spans, LICENSE_PLAIN_RE, (m) => (matchNear(s, m, LICENSE_LABEL_RE, LICENSE_LABEL_WINDOW_BEFORE, LICENSE_LABEL_WINDOW_AFTER) ? 'driver_license' : null));
  }
  if (digits >= 6 && PASSPORT_LABEL_RE.test(s)) {
    collect(s, spans, PASSPORT_RE, (m) => (matchNear(s, m, PASSPORT_LABEL_RE, PASSPORT_LABEL_WINDOW_BEFORE, PASSPORT_LABEL_WINDOW_AFTER) ? 'passport' : null));
  }
  if (digits >= 7) {
    collect(s, spans, RRN_RE, checkRrn);
    if (RRN_LABEL_RE.test(s)) collectLabelledRrn(s, spans);
    // The back part may be masked (85.12.24-2******): seven digits are enough.
    if ((dots >= 2 || s.includes('/')) && RRN_DOTTED_QUICK_RE.test(s)) collect(s, spans, RRN_DOTTED_RE, checkDottedRrn);
    if ((marks & MARK_BACK) !== 0) collectSplitRrn(s, spans);
    collect(s, spans, CARD_RE, checkCard);
    if (digits >= 13 && CARD_LABEL_RE.test(s)) collectLabelledCards(s, spans, CARD_LABELLED_RE, 13);
    if (digits >= 15 && CARD_WORD_RE.test(s)) collectLabelledCards(s, spans, CARD_WORD_LABELLED_RE, 15);
    if (digits >= 12) collect(s, spans, CARD_MASKED_RE, checkMaskedCard);
    collect(s, spans, PHONE_KR_RE, checkKoreanPhone);
    if (digits >= 9 && PHONE_PARTICLE_QUICK_RE.test(s)) collect(s, spans, PHONE_PARTICLE_RE, checkParticlePhone);
    if (digits >= 9 && PHONE_WORD_RE.test(s)) {
      collect(s, spans, PHONE_NO_ZERO_RE, checkPhoneAfterLabel);
      collect(s, spans, PHONE_CC_GLUED_RE, checkPhoneAfterLabel);
    }
    if (pluses > 0) collect(s, spans, PHONE_INTL_RE, checkIntlPhone);
    collect(s, spans, PHONE_NANP_RE, () => 'phone');
    if (digits >= 10) collect(s, spans, ACCOUNT_RE, checkAccount);
  }
  if (spelled) {
    collect(s, spans, PHONE_SPELLED_RE, checkSpelledPhone);
    if (digits >= 10) collect(s, spans, PHONE_FRAGMENTED_RE, checkSpelledPhone);
  }
  if (digits >= 2 && ADDRESS_QUICK_RE.test(s)) collect(s, spans, ADDRESS_RE, () => 'address');
  if (digits >= 2 && s.includes('호')) collect(s, spans, UNIT_RE, () => 'address');
  if (nameLabel) {
    collect(s, spans, NAME_RE, checkName, 2);
    collect(s, spans, NAME_EN_RE, () => 'name', 1);
  }
  collectFreeNames(s, spans, names);
  if (colons >= 2 && digits > 0) collect(s, spans, IPV6_RE, checkIpv6);
  if (dots >= 3 && digits >= 4) collect(s, spans, IPV4_RE, checkIpv4);

  return render(text, spans, options);
}

/** Which free-text name detectors a text's first pass woke. */
interface FreeNameGates {
  honorific: boolean;
  role: boolean;
  englishIntro: boolean;
  signOff: boolean;
}

/** Names in free text: before an honorific, after a role word, an English self-introduction, a letter's sign-off. */
function collectFreeNames(s: string, spans: Spans, gates: FreeNameGates): void {
  if (gates.honorific) collectHonorificNames(s, spans);
  if (gates.role) collect(s, spans, NAME_ROLE_RE, checkRoleName, 1);
  if (gates.englishIntro) collect(s, spans, NAME_EN_INTRO_RE, checkEnglishIntro, 1);
  if (gates.signOff) collectSignOffName(s, spans);
}

/**
 * A letter's sign-off: its last line a full name alone or with 드림/올림 (류지우, 김민수 드림), right after a
 * line that thanks or asks (감사합니다, 부탁드립니다, 수고하세요) — an e-mail's or a board post's signature.
 */
function collectSignOffName(s: string, spans: Spans): void {
  const m = SIGN_OFF_RE.exec(s);
  if (!m || !koreanFullName(m[1]!)) return;
  const lineStart = m.index + m[0].indexOf(m[1]!);
  const before = s.slice(s.lastIndexOf('\n', m.index - 1) + 1, m.index);
  if (!SIGN_OFF_BEFORE_RE.test(before)) return;
  if (spans.taken && overlaps(spans.taken, lineStart, lineStart + m[1]!.length)) return;
  addSpan(spans, lineStart, lineStart + m[1]!.length, 'name', s.length);
}

/** `text` with each span replaced by its kind's placeholder. */
function render(text: string, spans: Spans, options: RedactOptions | undefined): Redaction {
  const n = spans.starts.length;
  if (n === 0) return { text, kinds: [] };

  const placeholders = PII_PLACEHOLDERS[options?.placeholders ?? 'ko'];
  const order = n === 1 ? [0] : Array.from({ length: n }, (_, i) => i).sort((a, b) => spans.starts[a] - spans.starts[b]);
  let out = '';
  let pos = 0;
  let found = 0;
  for (const i of order) {
    const kind = PII_KINDS[spans.kinds[i]];
    out += text.slice(pos, spans.starts[i]) + placeholders[kind];
    pos = spans.ends[i];
    found |= 1 << spans.kinds[i];
  }
  out += text.slice(pos);
  return { text: out, kinds: PII_KINDS.filter((_, i) => (found & (1 << i)) !== 0) };
}

const NON_ASCII_RE = /[^\x00-\x7f]/;

/**
 * The RRNs, FRNs and card numbers redactPii finds in `text` when no label names them (an order or
 * product number), by the same patterns and checks without the other detectors: a fraction of
 * redactPii's cost on the long digit runs order numbers are.
 */
export function rrnOrCardKinds(text: string): PiiKind[] {
  const s = NON_ASCII_RE.test(text) ? foldToAscii(text) : text;
  const spans: Spans = { starts: [], ends: [], kinds: [], taken: null };
  collect(s, spans, RRN_RE, checkRrn);
  collect(s, spans, RRN_DOTTED_RE, checkDottedRrn);
  collect(s, spans, CARD_RE, checkCard);
  collect(s, spans, CARD_MASKED_RE, checkMaskedCard);
  let found = 0;
  for (const k of spans.kinds) found |= 1 << k;
  return found === 0 ? [] : PII_KINDS.filter((_, i) => (found & (1 << i)) !== 0);
}

type Check = (m: RegExpExecArray, s: string) => PiiKind | null;

/**
 * Adds the spans of `re`'s matches that `check` accepts. With `tail`, only that group is the PII:
 * the match ends with it, after a label that stays (성함: 김민수).
 */
function collect(s: string, spans: Spans, re: RegExp, check: Check, tail = 0): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const end = m.index + m[0].length;
    const start = tail ? end - m[tail]!.length : m.index;
    if (spans.taken && overlaps(spans.taken, start, end)) continue;
    const kind = check(m, s);
    if (kind === null) continue;
    addSpan(spans, start, end, kind, s.length);
  }
}

function addSpan(spans: Spans, start: number, end: number, kind: PiiKind, length: number): void {
  spans.taken ??= new Uint8Array(length);
  spans.taken.fill(1, start, end);
  spans.starts.push(start);
  spans.ends.push(end);
  spans.kinds.push(KIND_INDEX[kind]);
}

/** RRNs that only count next to a 주민번호 label: 880214-1, and 앞자리 880214 뒷자리 1234567 (words between kept). */
function collectLabelledRrn(s: string, spans: Spans): void {
  RRN_LABELLED_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RRN_LABELLED_RE.exec(s)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if ((spans.taken && overlaps(spans.taken, start, end)) || !nearRrnLabel(s, start, end)) continue;
    const kind: PiiKind = (m[1] ?? m[2]) <= '4' ? 'rrn' : 'frn';
    if (m[1] !== undefined) addSpan(spans, start, end, kind, s.length);
    else {
      addSpan(spans, start, start + 6, kind, s.length);
      addSpan(spans, end - 7, end, kind, s.length);
    }
  }
  collect(s, spans, RRN_LABELLED_LOOSE_RE, (m) =>
    nearRrnLabel(s, m.index, m.index + m[0].length) ? ((m[2] ?? m[3]) <= '4' ? 'rrn' : 'frn') : null,
  );
}

/** 생년월일 851224 뒷자리 2345670 (RRN_SPLIT_RE): the birth date and the back part, each replaced on its own. */
function collectSplitRrn(s: string, spans: Spans): void {
  RRN_SPLIT_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RRN_SPLIT_RE.exec(s)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    const g = m[3]!;
    if ((spans.taken && overlaps(spans.taken, start, end)) || bornInFuture(g, m[1]!)) continue;
    if (RRN_SPLIT_OTHER_LABEL_RE.test(s.slice(Math.max(0, start - 20), start))) continue;
    const kind: PiiKind = g <= '4' ? 'rrn' : 'frn';
    addSpan(spans, start, start + m[1]!.length, kind, s.length);
    addSpan(spans, end - 7, end, kind, s.length);
  }
}

/**
 * Numbers written right after a card label: cards, Luhn or not. After 카드번호 any 13–19 digits
 * (`re` CARD_LABELLED_RE, `min` 13); after a word ending in 카드 a card's grouping that starts
 * like a card (CARD_WORD_LABELLED_RE, 15).
 */
function collectLabelledCards(s: string, spans: Spans, re: RegExp, min: number): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const end = m.index + m[0].length;
    const start = end - m[1].length; // the number ends the match
    if (spans.taken && overlaps(spans.taken, start, end)) continue;
    const n = digitCount(m[1]);
    if (n < min || n > 19) continue;
    if (min > 13 && !plausibleCardPrefix(m[1].replace(NON_DIGIT_RE, ''))) continue;
    addSpan(spans, start, end, 'card', s.length);
  }
}

function digitCount(t: string): number {
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) n++;
  }
  return n;
}

const AT_AFTER_NON_ASCII = 1;
const AT_SPACED = 2;

/** Which unusual e-mail shapes the '@'s in `s` allow: a non-ASCII local part, or spaces around '@'. */
function atShapes(s: string): number {
  let shapes = 0;
  for (let at = s.indexOf('@'); at !== -1; at = s.indexOf('@', at + 1)) {
    let i = at - 1;
    while (i >= 0 && isLocalTail(s.charCodeAt(i))) i--;
    if (i >= 0 && s.charCodeAt(i) >= 0x80) shapes |= AT_AFTER_NON_ASCII;
    const before = s.charCodeAt(at - 1);
    const after = s.charCodeAt(at + 1);
    if (before === 0x20 || after === 0x20 || before === 0x09 || after === 0x09) shapes |= AT_SPACED;
  }
  return shapes;
}

/** Digits, '.', '_' and '-' may follow the non-ASCII letters of a local part (김민수_88@…). */
function isLocalTail(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f || c === 0x2d;
}

function overlaps(taken: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (taken[i] === 1) return true;
  return false;
}

/** Full-width ASCII, Unicode dashes (and ㅡ), NBSP and the ideographic space → ASCII, one unit for one. */
function foldToAscii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    // ㅡ (the Hangul vowel a phone keyboard offers where the dash is), its jamo form and the
    // katakana long mark: typed as dashes (010ㅡ1234ㅡ5678).
    else if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0x3161 || c === 0x1173 || c === 0x30fc) out += '-';
    else if (c === 0xa0 || c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

// --- checks ------------------------------------------------------------------------------------

function checkRrn(m: RegExpExecArray, s: string): PiiKind | null {
  const g = m[2];
  // 13 digits also look like an EAN-13 barcode (8801…): one born 2000 or later in a year to come is one.
  if (bornInFuture(g, m[0])) return null;
  return rrnUnlessCode(m, s, g);
}

/** Group 3 or 4 (7 or 8 for a foreigner) and a two-digit year still to come: nobody has that number. */
function bornInFuture(g: string, yy: string): boolean {
  return (g === '3' || g === '4' || g === '7' || g === '8') && Number(yy.slice(0, 2)) > CURRENT_YY;
}

/** RRN_DOTTED_RE: 85.12.24-2345670; with a four-digit year, 19… takes 1, 2, 5, 6 and 20… 3, 4, 7, 8. */
function checkDottedRrn(m: RegExpExecArray, s: string): PiiKind | null {
  const year = m[1]!;
  const g = m[3]!;
  if (year.length === 4) {
    const born2000s = g === '3' || g === '4' || g === '7' || g === '8';
    if (born2000s !== year.startsWith('20') || Number(year) > 2000 + CURRENT_YY) return null;
  } else if (bornInFuture(g, year)) return null;
  return rrnUnlessCode(m, s, g);
}

/** The kind of an RRN-shaped match `m` with back-part group `g`, unless a code label names it. */
function rrnUnlessCode(m: RegExpExecArray, s: string, g: string): PiiKind | null {
  // Or a date-prefixed 접수번호 (241103-…), named right before or right after.
  if (codeLabelRightBefore(s, m, RRN_WORD_RE) || codeLabelRightBefore(s, m, RRN_WORD_RE, BARE_CODE_WORD_BEFORE_RE)) return null;
  const end = m.index + m[0].length;
  if (CODE_WORD_AFTER_RE.test(s.slice(end, end + 12))) return null;
  return g <= '4' ? 'rrn' : 'frn';
}

function checkCard(m: RegExpExecArray, s: string): PiiKind | null {
  const digits = m[0].replace(NON_DIGIT_RE, '');
  if (digits.length < 13 || digits.length > 19 || !plausibleCardPrefix(digits) || !plausibleCardLength(digits) || !luhnValid(digits)) return null;
  // One random 16-digit order number in ten passes Luhn (and so do gift-card PINs and every IMEI);
  // a code or device label right before settles it.
  if (codeLabelRightBefore(s, m, CARD_WORD_RE) || codeLabelRightBefore(s, m, CARD_WORD_RE, DEVICE_LABEL_RIGHT_BEFORE_RE)) return null;
  return 'card';
}

/** A name after its label (NAME_RE: the label, the gap, the name). */
function checkName(m: RegExpExecArray, s: string): PiiKind | null {
  const name = m[2]!;
  if (NAME_STOP_RE.test(name)) return null;
  const end = m.index + m[0].length;
  const next = s.slice(end, end + 4);
  const strong = /[:：=]/.test(m[1]!);
  if (NAME_ENDING_RE.test(next)) return 'name';
  if (NAME_DIRECTION_RE.test(next)) return NAME_DIRECTION_LABEL_RE.test(m[0]) && name.length >= 3 ? 'name' : null;
  // The name must end the word: a syllable after it makes it part of a longer word.
  if (/^[가-힣]/.test(next)) return null;
  if (strong) return 'name';
  // After a space or 은/는: three syllables, not ending in a particle (이름 변경이 …).
  if (name.length < 3 || NAME_PARTICLE_END.has(name[name.length - 1]!)) return null;
  return 'name';
}

/** Whether `word` reads as a Korean full name: surname and given-name syllables, not a common word. */
function koreanFullName(word: string): boolean {
  if (NAME_FREE_STOP.has(word) || NAME_FREE_STOP_PREFIX.has(word.slice(0, 2)) || NAME_FREE_BAD_LAST.has(word[word.length - 1]!)) return false;
  const compound = COMPOUND_SURNAMES.has(word.slice(0, 2));
  if (word.length === 4 && !compound) return false;
  // A one-syllable surname and two, or a two-syllable one and the rest.
  const given = compound ? word.slice(2) : SURNAMES.includes(word[0]!) ? word.slice(1) : null;
  if (given === null || (word.length === 3 && !compound && given.length !== 2)) return false;
  if (NAME_FREE_ROLE_TAIL.has(word.slice(-2))) return false;
  for (const ch of given) if (!GIVEN_NAME_SYLLABLES.has(ch)) return false;
  return true;
}

/** NAME_ROLE_RE: the name after 담당자, 상담사, 기사, 고객 (택배기사 김…, VIP고객 이… too). */
function checkRoleName(m: RegExpExecArray): PiiKind | null {
  return koreanFullName(m[1]!) ? 'name' : null;
}

/**
 * Names right before an honorific (님, 씨, 고객님, 과장님…; see TITLE_STEMS_BEFORE_NIM), glued or
 * one space apart, the honorific not the start of a longer word (고객센터, 씨앗): the whole word
 * before it, three or four syllables, read as a name by koreanFullName.
 */
function collectHonorificNames(s: string, spans: Spans): void {
  // indexOf per honorific: native searches, a few times faster than reading every character here.
  for (let k = s.indexOf('님'); k !== -1; k = s.indexOf('님', k + 1)) {
    let title = k;
    if (k >= 2 && TITLE_STEMS_BEFORE_NIM.has(s.slice(k - 2, k))) title = k - 2;
    else if (k >= 3 && TITLE_STEMS_BEFORE_NIM.has(s.slice(k - 3, k))) title = k - 3;
    nameBeforeTitle(s, spans, title, k + 1, title === k);
  }
  for (let k = s.indexOf('씨'); k !== -1; k = s.indexOf('씨', k + 1)) nameBeforeTitle(s, spans, k, k + 1, false);
  // 고객 without 님 (홍길동 고객 요청으로; 고객님 is taken at its 님).
  for (let k = s.indexOf('고객'); k !== -1; k = s.indexOf('고객', k + 2)) if (s.charCodeAt(k + 2) !== 0xb2d8) nameBeforeTitle(s, spans, k, k + 2, false);
}

/** The name, if any, in the word before the honorific at [title, titleEnd); `bareNim` when that is 님 alone. */
function nameBeforeTitle(s: string, spans: Spans, title: number, titleEnd: number, bareNim: boolean): void {
  const end = title > 0 && s.charCodeAt(title - 1) === 0x20 ? title - 1 : title;
  let start = end;
  while (start > 0 && start > end - 5 && isHangulSyllable(s.charCodeAt(start - 1))) start--;
  const n = end - start;
  if (n < 3 || n > 4 || (start > 0 && isWordChar(s.charCodeAt(start - 1)))) return;
  if (!NAME_FREE_AFTER_RE.test(s.slice(titleEnd, titleEnd + 2))) return;
  if (spans.taken && overlaps(spans.taken, start, end)) return;
  const word = s.slice(start, end);
  const last = word[n - 1]!;
  // …아님 is 아니다 ("장난아님": no joke), …형님 an elder brother (성룡형님), …은 님 a clause (인간은 님이).
  if (bareNim && (end === title ? last === '아' || last === '형' : last === '은')) return;
  if (koreanFullName(word)) addSpan(spans, start, end, 'name', s.length);
}

function isHangulSyllable(c: number): boolean {
  return c >= 0xac00 && c <= 0xd7a3;
}

/** A letter or digit that glues a word to the one before it (Hangul, Latin, digits). */
function isWordChar(c: number): boolean {
  return isHangulSyllable(c) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** NAME_EN_INTRO_RE: "this is Jane Park" in a self-introduction, not a place or a product. */
function checkEnglishIntro(m: RegExpExecArray): PiiKind | null {
  return NAME_EN_NOT_FIRST.test(m[1]!) || NAME_EN_NOT_LAST.test(m[1]!) ? null : 'name';
}

function checkMaskedCard(m: RegExpExecArray): PiiKind | null {
  return plausibleCardPrefix(m[0]) ? 'card' : null;
}

/** A number that is a phone's only after a phone label (10-1234-5678, 821012345678). */
function checkPhoneAfterLabel(m: RegExpExecArray, s: string): PiiKind | null {
  return PHONE_LABEL_BEFORE_RE.test(s.slice(Math.max(0, m.index - 16), m.index)) ? 'phone' : null;
}

/**
 * A mobile number written with Hangul numerals (PHONE_SPELLED_RE: at least one of them; digits
 * alone there are other detectors' to judge) or in fragments (PHONE_FRAGMENTED_RE, digits only).
 * Ten or eleven digits in all; a ten-digit number cannot start 010.
 */
function checkSpelledPhone(m: RegExpExecArray): PiiKind | null {
  let digits = '';
  let hangul = false;
  for (const ch of m[0]) {
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (Object.hasOwn(SPELLED_DIGITS, ch)) {
      digits += SPELLED_DIGITS[ch];
      hangul = true;
    }
  }
  if (digits.length < 10 || digits.length > 11 || (digits.length === 10 && digits[2] === '0')) return null;
  return hangul || /^0 1 |^01[016789] /.test(m[0]) ? 'phone' : null;
}

/** A spelled-out address: its last label a TLD, and after a plain "at" a mail provider's name. */
function spelledEmail(m: RegExpExecArray, s: string): PiiKind | null {
  const domain = s.slice(m.index + m[0].indexOf(m[1]) + m[1].length, m.index + m[0].length);
  const labels = domain.split(EMAIL_DOT_SPLIT_RE);
  if (!EMAIL_TLDS.has(labels[labels.length - 1]!.toLowerCase())) return null;
  if (!/[([{]/.test(m[1]) && (!MAIL_PROVIDERS.test(labels[0]!) || AT_PROSE_WORDS_RE.test(m[0].slice(0, m[0].indexOf(m[1]))))) return null;
  return 'email';
}

/** PHONE_PARTICLE_RE: a particle in one of the gaps at least; a comma only after a mobile's prefix. */
function checkParticlePhone(m: RegExpExecArray): PiiKind | null {
  const gaps = m[2]! + m[3]!;
  if (!/[가-힣,]/.test(gaps)) return null;
  if (gaps.includes(',') && !m[1]!.startsWith('01')) return null;
  return 'phone';
}

/**
 * EMAIL_WORDS_RE: the last label a known TLD; after a plain "at" the first label a mail provider's
 * name; after '@' (which only spaces bring here) a TLD from EMAIL_SPACED_TLDS.
 */
function wordyEmail(m: RegExpExecArray): PiiKind | null {
  const labels = m[2]!.split(EMAIL_WORD_DOT_SPLIT_RE).map((l) => KO_DOMAIN_WORDS[l] ?? l.toLowerCase());
  const tld = labels[labels.length - 1]!;
  if (!EMAIL_TLDS.has(tld)) return null;
  // A user name with a letter or digit, and a domain name with a letter: "5678 앳 1234 닷컴" is none.
  const local = m[0].slice(0, m[0].indexOf(m[1]!));
  if (!/[A-Za-z0-9]/.test(local) || !/[a-z]/.test(labels[0]!)) return null;
  const at = m[1]!.trim().toLowerCase();
  if (at === 'at' && (!MAIL_PROVIDERS.test(labels[0]!) || AT_PROSE_WORDS_RE.test(local))) return null;
  if (at === '@') {
    if (!EMAIL_SPACED_TLDS.has(tld)) return null;
    // '@' standing alone between words is also "at" a place ("iPhone @ 네이버 닷컴"): a user name then
    // looks like one — lower-case, or with a digit, '.' or '_'.
    if (m[1]!.length === 3 && /[A-Z]/.test(local) && !/[0-9._]/.test(local)) return null;
    // A '.' then a space reads as a sentence's end after an @mention ("thanks @john. Net…", "ping @dev. com…"):
    // there the domain must be a provider's and the TLD lower-case.
    if (/\. /.test(m[2]!)) {
      if (/(?:^|[^A-Za-z])[A-Z][A-Za-z]*$/.test(m[2]!)) return null;
      if (/^ @/.test(m[1]!) && !MAIL_PROVIDERS.test(labels[0]!)) return null;
    }
  }
  return 'email';
}

function checkKoreanPhone(m: RegExpExecArray, s: string): PiiKind | null {
  const t = m[0];
  // An unseparated landline-shaped run (0312345678) right after 주문번호/운송장 is that code.
  if (!hasNonDigit(t) && !t.startsWith('01') && codeLabelRightBefore(s, m, PHONE_WORD_RE)) return null;
  return 'phone';
}

function checkIntlPhone(m: RegExpExecArray): PiiKind | null {
  const n = m[0].replace(NON_DIGIT_RE, '').length;
  return n >= 8 && n <= 15 ? 'phone' : null;
}

function checkAccount(m: RegExpExecArray, s: string): PiiKind | null {
  const n = m[0].replace(NON_DIGIT_RE, '').length;
  if (n < 10 || n > 16) return null;
  // A date and time written with spaces (2024 11 23 12 30).
  if (SPACED_DATE_RE.test(m[0])) return null;
  const before = labelBefore(s, m.index);
  if (before === Label.Account) return 'account';
  // 주문번호 2024…, 운송장번호는 6012…: the number that a code label names is that code.
  if (before === Label.Code && CODE_GAP_RE.test(s.slice(lastLabelEnd, m.index))) return null;
  // "환불은 110-123-456789 신한으로", "카드 취소가 안 되면 110-… 국민으로": a bank named right after.
  const after = labelAfter(s, m.index + m[0].length);
  if (after !== Label.None) return after === Label.Account ? 'account' : null;
  // "110-123-456789 로 입금해주세요": a transfer word right after a grouped number.
  if (hasNonDigit(m[0]) && WEAK_ACCOUNT_AFTER_RE.test(s.slice(m.index + m[0].length, m.index + m[0].length + 12))) return 'account';
  // "환불 계좌 알려드립니다.\n110-123-456789 홍길동": the label sits in the sentence before.
  if (before === Label.None && labelInPreviousSentence(s, m.index) === Label.Account) return 'account';
  return null;
}

const SPACED_DATE_RE = /^(?:19|20)\d\d (?:0?[1-9]|1[0-2])(?: |$)/;
const WEAK_ACCOUNT_AFTER_RE = /^\s?(?:으로|로|에|에서)?\s?(?:입금|송금|이체|환불)/;

function checkIpv4(m: RegExpExecArray, s: string): PiiKind | null {
  // Chrome/120.0.0.0 (a user agent), 119.0.0.0: versions; no host has the address N.0.0.0.
  if (m[0].endsWith('.0.0.0')) return null;
  if (m.index > 1 && s.charCodeAt(m.index - 1) === 0x2f && /[A-Za-z]/.test(s[m.index - 2]!)) return null;
  const from = Math.max(0, m.index - VERSION_WINDOW);
  if (VERSION_BEFORE_RE.test(s.slice(from, m.index))) return null;
  const end = m.index + m[0].length;
  if (VERSION_AFTER_RE.test(s.slice(end, end + 12))) return null;
  return 'ip';
}

function checkIpv6(m: RegExpExecArray): PiiKind | null {
  return isIpv6(m[0]) ? 'ip' : null;
}

function hasNonDigit(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return true;
  }
  return false;
}

function plausibleCardPrefix(d: string): boolean {
  const c = d.charCodeAt(0);
  if (c === 0x33 || c === 0x34 || c === 0x35 || c === 0x36 || c === 0x39) return true;
  if (c !== 0x32) return false;
  const p = Number(d.slice(0, 4)); // Mastercard 2-series
  return p >= 2221 && p <= 2720;
}

/**
 * Whether a number starting like a card has a length its network issues: Visa 13, 16 or 19 digits,
 * Mastercard 16, Amex 15, JCB 16–19. A phone's IMEI (15 digits, Luhn-valid by design, most of them
 * 35… or 49…) has none of these; other prefixes (Diners, Discover, Korean domestic 9…) keep 13–19.
 */
function plausibleCardLength(d: string): boolean {
  const n = d.length;
  const two = (d.charCodeAt(0) - 0x30) * 10 + (d.charCodeAt(1) - 0x30);
  if (two >= 40 && two <= 49) return n === 13 || n === 16 || n === 19;
  if ((two >= 51 && two <= 55) || (two >= 22 && two <= 27)) return n === 16;
  if (two === 34 || two === 37) return n === 15;
  if (two === 35) return n >= 16;
  return true;
}

function luhnValid(d: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let x = d.charCodeAt(i) - 0x30;
    if (double) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
    double = !double;
  }
  return sum % 10 === 0;
}

function isIpv6(candidate: string): boolean {
  if (!HAS_DIGIT_RE.test(candidate)) return false; // "abc::def" in code is not an address
  let s = candidate;
  if (s.indexOf('.') !== -1) {
    const lastColon = s.lastIndexOf(':');
    if (!IPV4_EXACT_RE.test(s.slice(lastColon + 1))) return false;
    s = s.slice(0, lastColon + 1) + '0:0'; // an embedded IPv4 fills two groups
  }
  const gap = s.indexOf('::');
  if (gap !== s.lastIndexOf('::')) return false;
  if (gap === -1) {
    const groups = s.split(':');
    return groups.length === 8 && groups.every((g) => HEX_GROUP_RE.test(g));
  }
  const left = gap === 0 ? [] : s.slice(0, gap).split(':');
  const right = gap + 2 === s.length ? [] : s.slice(gap + 2).split(':');
  return left.length + right.length <= 7 && left.every((g) => HEX_GROUP_RE.test(g)) && right.every((g) => HEX_GROUP_RE.test(g));
}

// --- labels ------------------------------------------------------------------------------------

/**
 * A compound code label (주문번호, 운송장, 상품권 PIN…) directly before the number, and no word of
 * the number's own kind (`same`) after it in its sentence: "주문번호 … 카드로 결제" still counts as
 * the card, while "주문번호 241123-1234567 / 연락처 010-…" is the order.
 */
function codeLabelRightBefore(s: string, m: RegExpExecArray, same: RegExp, label = CODE_LABEL_RIGHT_BEFORE_RE): boolean {
  const from = Math.max(0, m.index - CODE_LABEL_WINDOW);
  if (!label.test(s.slice(from, m.index))) return false;
  const end = m.index + m[0].length;
  return !same.test(s.slice(end, sentenceEnd(s, end)));
}

/** `label` within `before` characters before the span or `after` characters after it. */
function nearLabel(s: string, start: number, end: number, label: RegExp, before: number, after: number): boolean {
  return label.test(s.slice(Math.max(0, start - before), start)) || label.test(s.slice(end, Math.min(s.length, end + after)));
}

/** A 주민번호/외국인등록번호 label shortly before or after the span. */
function nearRrnLabel(s: string, start: number, end: number): boolean {
  return nearLabel(s, start, end, RRN_LABEL_RE, RRN_LABEL_WINDOW_BEFORE, RRN_LABEL_WINDOW_AFTER);
}

/** Whether a match has `label` near it (passports and licences). */
const matchNear = (s: string, m: RegExpExecArray, label: RegExp, before: number, after: number): boolean =>
  nearLabel(s, m.index, m.index + m[0].length, label, before, after);

function labelOf(m: RegExpExecArray): Label {
  return m[1] ? Label.Account : m[3] ? Label.Code : Label.Personal;
}

/**
 * The label nearest before `pos` within the same sentence (and at most 50 characters back). A weak
 * account word (우리, 입금…) counts only when nothing but spaces or ':' separates it from the number;
 * otherwise the label before it decides.
 */
function labelBefore(s: string, pos: number): Label {
  const from = sentenceStart(s, pos);
  if (from === pos) return Label.None;
  return lastLabel(s.slice(from, pos), true, from);
}

/** Where the label last returned by labelBefore ends, in `s`. Set as a side effect to spare an allocation. */
let lastLabelEnd = 0;

function lastLabel(window: string, weakMayCount: boolean, offset = 0): Label {
  LABEL_RE.lastIndex = 0;
  let last: Label = Label.None;
  let weakEnd = -1;
  let m: RegExpExecArray | null;
  while ((m = LABEL_RE.exec(window)) !== null) {
    if (m[2]) weakEnd = LABEL_RE.lastIndex;
    else {
      last = labelOf(m);
      lastLabelEnd = offset + LABEL_RE.lastIndex;
      weakEnd = -1;
    }
  }
  if (weakMayCount && weakEnd !== -1 && ADJACENT_GAP_RE.test(window.slice(weakEnd))) return Label.Account;
  return last;
}

/** The first label after `pos` within the same sentence (and at most 20 characters ahead); weak words are skipped. */
function labelAfter(s: string, pos: number): Label {
  const to = sentenceEnd(s, pos);
  if (to === pos) return Label.None;
  const window = s.slice(pos, to);
  LABEL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LABEL_RE.exec(window)) !== null) if (!m[2]) return labelOf(m);
  return Label.None;
}

/** The last label of the sentence (or line) just before the one holding `pos`, if there is one within 50 characters. */
function labelInPreviousSentence(s: string, pos: number): Label {
  const limit = Math.max(0, pos - LABEL_WINDOW_BEFORE);
  let brk = -1;
  for (let i = pos - 1; i >= limit; i--) {
    if (isSentenceBreak(s, i)) {
      brk = i;
      break;
    }
  }
  // Step back over the break itself ("알려드립니다.\n" ends in two) and spaces before it.
  let end = brk;
  while (end > 0 && (isSentenceBreak(s, end - 1) || s.charCodeAt(end - 1) === 0x20)) end--;
  if (end === 0) return Label.None;
  const from = sentenceStart(s, end);
  return lastLabel(s.slice(from, end), false, from);
}

function isSentenceBreak(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 0x0a || c === 0x21 || c === 0x3f || c === 0x3002) return true; // \n ! ? 。
  if (c !== 0x2e) return false;
  const next = s.charCodeAt(i + 1); // '.' ends a sentence only before whitespace or the end
  return Number.isNaN(next) || next === 0x20 || next === 0x0a;
}

function sentenceStart(s: string, pos: number): number {
  const limit = Math.max(0, pos - LABEL_WINDOW_BEFORE);
  for (let i = pos - 1; i >= limit; i--) if (isSentenceBreak(s, i)) return i + 1;
  return limit;
}

function sentenceEnd(s: string, pos: number): number {
  const limit = Math.min(s.length, pos + LABEL_WINDOW_AFTER);
  for (let i = pos; i < limit; i++) if (isSentenceBreak(s, i)) return i;
  return limit;
}
