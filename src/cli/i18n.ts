import { detectLang } from '../config/config.js';

export const lang = detectLang();

/** Picks the Korean or English message for the CLI's language. */
export function t(ko: string, en: string): string {
  return lang === 'en' ? en : ko;
}

const HANGUL = /[\uAC00-\uD7A3]/;
const QUOTED = /"[^"]*"|\([^()]*\)/g;

/** One "English / 한국어" detail in `to`'s language; anything else unchanged (the web's `localizeDetail` rule, plus the two-line form). */
function localizeOne(text: string, to: 'ko' | 'en'): string {
  // "English / 한국어", or a longer message as an English line and a Korean one.
  const slash = text.lastIndexOf(' / ');
  const newline = text.indexOf('\n');
  const at = slash >= 0 ? slash : newline >= 0 && newline === text.lastIndexOf('\n') ? newline : -1;
  if (at < 0) return text;
  const english = text.slice(0, at).trim();
  const korean = text.slice(at + (at === slash ? 3 : 1)).trim();
  // The English half may quote the customer's Korean words ("많음", (비고)); any other Hangul in it
  // means this is no such pair.
  if (!HANGUL.test(korean) || HANGUL.test(english.replace(QUOTED, ''))) return text;
  return to === 'ko' ? korean : withQuotedValue(english, korean);
}

/**
 * The English half with the value the Korean half quotes after its sentence ("날짜·시간 형식이
 * 아닙니다: 2026-02-31 10:00"): the core's reasons append the refused value to the Korean half only
 * (domain/item.ts), and "not a date/time" alone does not say which.
 */
function withQuotedValue(english: string, korean: string): string {
  const m = /(?:니다|세요|어요|아요|해요)\.?: (.+)$/s.exec(korean);
  if (!m) return english;
  const value = m[1]!.trim();
  return !value || english.includes(value) ? english : `${english}: ${value}`;
}

/**
 * A message from the core — a SoriError, a reject reason — in the CLI's language (the web's
 * `localizeReason` rule). They are written "English / 한국어"; a reject reason one
 * "field: English / 한국어" part per problem, joined by "; ", each part keeping its field and its own
 * half. Fields are keys (`created_at`, `SORI_ADMIN_PASSWORD`); `anyField` takes any column name (a
 * metrics sheet's 재구매수, App Installs). A message in one language, or one whose halves cannot
 * be told apart safely, is printed whole.
 */
export function localize(message: string, to: 'ko' | 'en' = lang, { anyField = false }: { anyField?: boolean } = {}): string {
  const field = anyField ? '[^;:]{1,80}' : '[A-Za-z_][A-Za-z0-9_]*';
  const part = new RegExp(`^(${field}): ([\\s\\S]*)$`);
  return message
    .split(new RegExp(`; (?=${field}: )`))
    .map((p) => {
      const m = part.exec(p);
      return m ? `${m[1]}: ${localizeOne(m[2]!, to)}` : localizeOne(p, to);
    })
    .join('; ');
}

export const HELP = {
  main: `소리 Sori — 고객의 소리(VOC) 운영 플랫폼 / Voice-of-Customer operations platform

사용법 / Usage: sori <명령 command> [옵션 options]

명령 / Commands:
  serve                 서버와 웹 화면 실행 (http://localhost:8080) / run the server and web app
  import FILE           CSV·TSV·JSONL·XLSX 파일 가져오기 / import a file of items (or --metrics)
  import undo RUN_ID    가져오기 되돌리기: 그 가져오기가 만든 항목 삭제 / undo an import: delete the items it created
  export                항목 내보내기 (jsonl|csv|xlsx) / export items
  backup FILE           워크스페이스 백업 (.jsonl.gz) / back up a workspace
  restore FILE          백업 복원 / restore a backup
  users                 사용자 관리 (list|create|set-role|disable|enable|passwd) / manage users
  tokens                API 토큰 관리 (list|create|revoke) / manage API tokens
  webhooks              웹훅 수신 주소 관리·끄기·켜기·비밀값 교체 (list|create|disable|enable|rotate) / manage webhook receivers, switch them off or on, rotate secrets
  workspaces            워크스페이스 목록·시간대 변경 (list|timezone) / list workspaces, change a time zone
  demo                  데모 워크스페이스 생성·삭제 (load|delete) / create or delete the demo workspace
  train                 JSONL로 분류 모델 학습 / train a classifier from JSONL
  classify              JSONL 분류 / classify JSONL lines
  eval                  모델 평가 (정확도, macro-F1, 혼동 행렬) / evaluate a model
  sentiment             JSONL 감성 분석 / sentiment of JSONL lines
  dedupe                JSONL 중복 묶기 / group near-duplicate JSONL lines
  customers erase ID    고객 데이터 삭제 (개인정보 삭제 요청) / erase one customer's items (a deletion request)

공통 옵션 / Common options:
  --workspace SLUG      워크스페이스 (기본 default) / workspace (default: default)
  -h, --help            도움말 / help
  --version             버전 / version

설정은 환경 변수로 합니다 (README 참고): SORI_DATA_DIR, DATABASE_URL, PORT, SORI_ADMIN_EMAIL, SORI_ADMIN_PASSWORD, SORI_LANG
Settings come from environment variables (see README).
'sori <명령> --help' 로 명령별 도움말을 봅니다 / 'sori <command> --help' for details.`,
  serve: `sori serve [--port N] [--host ADDR]
  서버와 웹 화면을 실행합니다. 임베디드 DB는 한 프로세스만 열 수 있습니다.
  Runs the API and web app. Only one process may open the embedded data folder.`,
  import: `sori import FILE [옵션]
  항목 파일(CSV·TSV·JSONL·JSON·XLSX)을 가져옵니다. 열 이름이 항목 필드와 같으면 매핑이 필요 없습니다.
  Imports items from a file. Columns named like item fields need no mapping.
  목록의 행 번호(번호, No, 순번)는 항목 ID로 쓰지 않습니다. ID 열이 없으면 채널·시각·고객·본문으로 항목을 구분합니다.
  A list's row number (번호, No, 순번) is never the item id; without an id column items are told apart by their content.

  --channel NAME        채널 기본값 (chat, phone, email, board, survey, review, app_store, social, chatbot, other)
  --source NAME         소스(연동 이름) 기본값, 예: zendesk-export / default source name
  --kind NAME           종류 기본값 (inquiry, review, survey_response, chatbot_session, note)
  --map SPEC            열 매핑: "text=문의내용,created_at=접수일시", JSON 또는 mapping.json / column mapping
  --format F            csv|tsv|jsonl|json|xlsx (기본: 확장자) / default: from the extension
  --encoding E          auto|utf-8|cp949|euc-kr|utf-16le (기본 auto) / default auto
  --sheet NAME          XLSX 시트 / XLSX sheet
  --dry-run             저장하지 않고 검사만 / validate only, store nothing
  --rejects FILE        거부된 행 파일 (기본 FILE.rejects.csv; 첫 거부 행이 나올 때 새로 씀, 가져올 파일과 같은 경로는 안 됨)
                        rejects file (default FILE.rejects.csv; written from the first rejected row; never the input file)
  --metrics             비즈니스 지표 파일(day,name,value 또는 day,orders,mau,…) / business metrics file
  --adapter NAME        업체 내보내기 파일: zendesk (티켓 JSON·증분 내보내기 JSONL), channeltalk (상담 내보내기 XLSX·CSV),
                        googleplay (Play Console 리뷰 보고서 CSV)
                        a vendor's own export: zendesk (tickets JSON / incremental export JSONL), channeltalk (desk export XLSX/CSV),
                        googleplay (Play Console review report CSV)
                        건너뛴 행은 이유별로 건수와 처음 몇 행을 보여 주고, 그 업체의 행을 하나도 읽지 못하면 종료 코드 1입니다
                        (그 업체의 내보내기 파일이 아님). --dry-run은 실제 실행처럼 신규·변경·동일을 셉니다
                        skipped rows are listed by reason with counts and their first rows; a file with no row readable as
                        that vendor's is no such export (exit 1). --dry-run counts new/changed/unchanged as a real run would
  --batch-size N        배치 크기 (기본 5000) / batch size
  --json                요약을 JSON 한 줄로 표준 출력에 (안내 문구는 표준 오류로) / the summary as one JSON line on stdout
                        (messages to stderr), for scripts
  --fail-on-reject      거부된 행이 있으면 종료 코드 3 (정상 행은 그대로 저장) / exit code 3 when any row was rejected
                        (the good rows are still stored). --adapter: 읽을 수 없어 건너뛴 행(ID 없는 상담·티켓, 객체가 아닌 항목)도
                        거부로 칩니다. 삭제된 티켓 등 일부러 건너뛴 행은 아닙니다 / --adapter: rows skipped as unreadable
                        (a chat or ticket without id, an entry that is no object) count too; deliberate skips (deleted tickets) do not

  sori serve가 임베디드 데이터 폴더를 쓰는 중이면, SORI_TOKEN(ingest 권한 API 토큰)이 있을 때 파일을 그 서버로 올려 가져옵니다
  (read 권한도 있으면 거부 행 파일도 받아 옵니다). --metrics와 --adapter도 서버로 갑니다.
  While sori serve holds the embedded data folder, SORI_TOKEN (an API token with the ingest scope) sends the file through
  that server (with the read scope too, its rejects file is fetched); --metrics and --adapter too.
  --adapter 가져오기도 가져오기 기록(실행 번호)으로 남아 되돌릴 수 있습니다 / an --adapter import is an import run too: it can be undone.

  가져오기를 되돌리려면 / to undo an import: sori import undo RUN_ID [--yes] (sori import undo --help)`,
  importUndo: `sori import undo RUN_ID [--yes] [--json] [--workspace SLUG]
  가져오기 되돌리기: 그 가져오기가 만든 항목을 모두 지웁니다 (그 뒤 수정·변경된 것 포함, 라벨 수정 기록도 함께).
  변경만 한 항목은 지금 상태로 남습니다 — 이전 내용은 보관하지 않아 되돌릴 수 없습니다. 같은 파일을 다시 가져오면 항목이 돌아옵니다.
  먼저 지울 건수를 보여 주고 묻습니다. 터미널이 아니면(스크립트) --yes 없이는 지우지 않습니다(종료 코드 1).
  진행 중인 가져오기는 먼저 중지하세요. RUN_ID는 가져오기 화면의 최근 가져오기나 sori import --json의 run_id입니다.
  Undoes an import: deletes every item it created (whatever happened to them since, their label corrections with them).
  Items it only updated are kept as they are now — earlier versions are not kept. Importing the same file again brings the items back.
  Shows how many items go and asks first; without a terminal (a script) nothing is deleted without --yes (exit code 1).
  Cancel a running import first. RUN_ID: recent imports on the import page, or run_id of sori import --json.
  sori serve가 임베디드 데이터 폴더를 쓰는 중이면 SORI_TOKEN(admin 권한 API 토큰)으로 그 서버를 통해 처리합니다.
  While sori serve holds the embedded data folder, SORI_TOKEN (an API token with the admin scope) sends it through that server.
  --yes, -y             묻지 않고 지웁니다 / delete without asking
  --json                결과를 JSON 한 줄로 표준 출력에 / the result as one JSON line on stdout`,
  customers: `sori customers erase CUSTOMER_ID [--yes] [--json] [--workspace SLUG]
  고객 데이터 삭제 (개인정보 삭제 요청): 워크스페이스에서 그 고객의 항목을 모두 지웁니다 (라벨 수정 기록, 일별 집계,
  보관 중인 상담 업데이트, 그 고객이 나오는 거부된 가져오기 행 포함). CUSTOMER_ID는 원본 시스템이 보낸 고객 ID입니다
  (Sori는 가명 c_…만 저장하므로 같은 방법으로 가명을 만들어 찾습니다). 가명(c_…)을 그대로 줘도 됩니다.
  감사 기록에는 가명과 건수만 남고 원래 ID는 남지 않습니다. 먼저 건수를 보여 주고 묻습니다(터미널이 아니면 --yes 필요).
  Erases one customer's data (a PIPA deletion request): every item of the customer in the workspace (with label corrections,
  daily counts, kept conversation updates and rejected import rows naming them). CUSTOMER_ID is the customer's id as the source
  sent it (Sori stores only its pseudonym c_…, made again the same way to find them), or the c_… pseudonym itself.
  The audit log records the pseudonym and counts, never the raw id. Shows the count and asks first (without a terminal: --yes).
  sori serve가 데이터 폴더를 쓰는 중이면 SORI_TOKEN(admin 권한)으로 그 서버를 통해 처리합니다.
  While sori serve holds the data folder, SORI_TOKEN (admin scope) sends it through that server.
  --yes, -y             묻지 않고 지웁니다 / delete without asking
  --json                결과를 JSON 한 줄로 표준 출력에 / the result as one JSON line on stdout`,
  export: `sori export [--format jsonl|csv|xlsx] (-o|--out) FILE|-  [--channel a,b] [--kind k] [--source s] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--q 검색어] [--type t] [--sentiment s] [--segment VIP,신규]
  항목을 내보냅니다 (가려진 본문과 분석 열 포함). CSV·XLSX는 수식 주입을 막습니다.
  Exports items (redacted text and enrichment columns). CSV/XLSX cells are guarded against formula injection.
  -o, --out FILE|-      저장할 파일 (- 또는 생략: 표준 출력) / the file to write (- or none: standard output)
  --format F            jsonl|csv|xlsx. 없으면 --out 확장자로 정합니다(.csv, .xlsx, .jsonl, .ndjson; 표준 출력은 jsonl).
                        확장자와 다른 --format은 오류입니다 / default: from the --out extension (.csv, .xlsx, .jsonl,
                        .ndjson; standard output: jsonl); a --format that contradicts the extension is an error
  --channel a,b         채널 (chat, phone …; 채팅·전화·1:1문의처럼 한국어 이름도 됨) / channels, Korean names too
  --kind, --sentiment   허용되지 않는 값은 오류입니다 (허용 값을 보여 줌) / an unknown value is an error listing the allowed ones
  --type t              유형 키 또는 이름(delivery, 배송, Delivery), uncertain, none / a type key or name
  --from, --to          YYYY-MM-DD (워크스페이스 시간대, --to는 그날까지) 또는 ISO 8601 / YYYY-MM-DD (workspace zone; --to inclusive) or ISO 8601
  XLSX 셀은 32,767자까지입니다. 더 긴 값은 잘리고(끝에 …) 경고가 나옵니다. 전체 본문은 csv·jsonl로 내보내세요.
  XLSX cells hold 32,767 characters: longer values are cut (ending in …) with a warning; use csv or jsonl for full text.`,
  backup: `sori backup FILE.jsonl.gz [--workspace SLUG]
  워크스페이스 하나를 이식 가능한 파일로 백업합니다 (PGlite ↔ PostgreSQL).
  Backs up one workspace to a portable file (PGlite ↔ PostgreSQL).`,
  restore: `sori restore FILE.jsonl.gz [--as SLUG]
  백업을 새 워크스페이스(또는 비어 있는 워크스페이스)에 한 트랜잭션으로 복원합니다. 데이터가 있는 워크스페이스에는 복원하지 않습니다.
  Restores a backup into a new (or empty) workspace in one transaction; a workspace that has data is refused.`,
  users: `사용자와 역할 (관리자·운영자·열람자): 서버가 꺼져 있을 때 / users and their roles (admin, operator, viewer), with the server stopped
sori users list
sori users create --email E --role admin|operator|viewer [--name N] [--password P]   (비밀번호가 없으면 SORI_NEW_PASSWORD 또는 입력 / or SORI_NEW_PASSWORD)
sori users set-role --email E --role R
sori users disable|enable --email E
sori users passwd --email E [--password P]`,
  tokens: `sori tokens list
sori tokens create --name NAME --scopes ingest,read,admin
sori tokens revoke --id N
  토큰 비밀값은 만들 때 한 번만 보여 줍니다 (DB에는 해시만 저장). 토큰은 한 워크스페이스에만 쓰입니다 (--workspace, 기본 default).
  The token secret is shown once, at creation (only its hash is stored). A token is bound to one workspace (--workspace, default: default).`,
  webhooks: `sori webhooks list
sori webhooks create --adapter generic|channeltalk|zendesk [--source NAME] [--secret SECRET]
  수신 주소와 서명 비밀값을 만듭니다. Zendesk는 자기 서명 비밀값을 만듭니다: --secret으로 넣으세요. 없으면 임시 비밀값을
  만들고 경고합니다 — Zendesk에서 이 주소로 웹훅을 만든 뒤 sori webhooks rotate ID --secret <Zendesk 비밀값>으로 바꾸세요.
  Creates a receiver URL and its signing secret. Zendesk issues its own signing secret: pass it with --secret; without it
  a placeholder secret is made with a warning — create the webhook in Zendesk with this URL, then
  sori webhooks rotate ID --secret <Zendesk's secret>.
sori webhooks disable ID | enable ID
  수신 주소를 끄거나 다시 켭니다 (비밀값이 새어 나갔을 때). Switches a receiver off or on again (a leaked secret).
sori webhooks rotate ID [--secret SECRET]
  새 서명 비밀값을 만듭니다(Zendesk는 새 비밀값을 --secret으로). 이전 비밀값은 바로 통하지 않습니다.
  Gives the receiver a new signing secret (Zendesk: its new one with --secret); the old one stops working at once.`,
  workspaces: `sori workspaces list
sori workspaces timezone ZONE [--workspace SLUG]
  워크스페이스의 시간대를 바꿉니다 (IANA 이름, 예: America/Los_Angeles). 모든 일별 집계를 새 날짜로 다시 세고
  검색 색인을 다시 만듭니다. 기본 SLA 설정이면 최근 180일 항목의 기한도 새 시간대의 영업시간으로 다시 계산됩니다.
  Changes the workspace's time zone (an IANA name): every daily rollup is recounted on the new local days and the
  search index rebuilt; on default SLA settings the last 180 days' deadlines follow the new zone's business hours.`,
  demo: `sori demo [load] [--days 90] [--seed 1]
sori demo delete [--workspace SLUG]
  데모 워크스페이스(slug: demo)를 만들거나 지웁니다. 데이터는 생성된 가상 데이터입니다. 데모를 복원한 사본(sori restore … --as SLUG)은 --workspace SLUG로 지웁니다: 데모로 표시된 워크스페이스만 지우고, 실제 데이터가 있는 워크스페이스는 건드리지 않습니다.
  sori serve가 임베디드 데이터 폴더를 쓰는 중이면 SORI_TOKEN(admin 권한 API 토큰)으로 그 서버를 통해 처리합니다 (화면의 "데모 데이터 불러오기"와 같습니다).
  Creates or deletes the demo workspace (slug: demo) with generated, fictional data. Delete a restored copy of the demo (sori restore … --as SLUG) with --workspace SLUG: only workspaces marked demo are deleted, never one with your own data.
  While sori serve holds the embedded data folder, SORI_TOKEN (an API token with the admin scope) sends it through that server (as "Load demo data" on the page does).`,
  train: `sori train --task NAME --in labelled.jsonl --out MODEL_DIR [--text-field text] [--label-field label] [--c C]
  JSONL 줄 {"text": ..., "label": ...} 로 분류 모델을 학습해 MODEL_DIR 에 저장합니다 (model.json + weights.bin).
  Trains a classifier from JSONL lines {"text": ..., "label": ...} and saves it to MODEL_DIR.
  특징: 단어 안 문자 1–3그램, 조사·어미를 뗀 어간과 단어 1–2그램 / features: char 1–3-grams within words, stems, word 1–2-grams.
  모델: 일대다 선형 SVM + 보정된 확률 / model: one-vs-rest linear SVM with calibrated probabilities.
  --c C                 SVM 규제 값 (기본: 검증 분할에서 0.5·1·0.3 중 선택) / SVM C (default: 0.5, 1 or 0.3, chosen on a held-out split)`,
  classify: `sori classify --model MODEL_DIR --in items.jsonl --out predictions.jsonl [--text-field text] [--threshold 0.5]
  각 줄에 "prediction" 과 "confidence" 를 더해 씁니다. - 는 표준 입력/출력입니다.
  Adds "prediction" and "confidence" to each line; "-" reads stdin / writes stdout.
  --threshold X         신뢰도가 X 미만이면 "uncertain" / "uncertain" below confidence X`,
  eval: `sori eval --model MODEL_DIR --in labelled.jsonl [--json]
  정확도, macro-F1, 레이블별 정밀도·재현율, 혼동 행렬을 출력합니다.
  Prints accuracy, macro-F1, per-class precision/recall and the confusion matrix; --json for machines.`,
  sentiment: `sori sentiment --in items.jsonl --out out.jsonl [--text-field text]
  각 줄에 "sentiment" (negative|neutral|positive) 와 "sentiment_score" (-1..1) 를 더합니다. 한국어·영어.
  Adds "sentiment" (negative|neutral|positive) and "sentiment_score" (-1..1) to each line. Korean and English.`,
  dedupe: `sori dedupe --in items.jsonl --out groups.jsonl [--threshold 0.5] [--text-field text] [--customer-field customer_ref]
  거의 같은 글을 묶어 각 줄에 "group" 과 "group_size" 를 더합니다 (인사말 같은 상투구는 무시).
  Groups near-duplicates: adds "group" and "group_size" to each line (boilerplate such as greetings is ignored).
  --customer-field F    같은 고객의 재문의는 더 낮은 기준(0.3)으로 묶습니다 / a customer's re-asks group at a lower threshold (0.3)`,
};
