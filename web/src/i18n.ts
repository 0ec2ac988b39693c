import { useSyncExternalStore } from 'react';

/**
 * Every UI string, Korean first. Keys are dotted by page; `{name}` marks a value filled in by `t`.
 * Labels for API values (channels, kinds, statuses, PII kinds, roles) live here too, keyed by the value.
 */
const ko = {
  'app.name': 'Sori',
  'app.tagline': '고객의 소리',
  'app.skipToContent': '본문으로 건너뛰기',

  'common.loading': '불러오는 중…',
  'common.retry': '다시 시도',
  'common.close': '닫기',

  'lang.label': '언어',
  'lang.ko': '한국어',
  'lang.en': 'English',

  'nav.label': '주 메뉴',
  'nav.items': '인입 목록',
  'nav.import': '가져오기',

  'header.workspace': '워크스페이스',
  'header.demo': '데모',
  'header.signedInAs': '로그인 계정',
  'header.logout': '로그아웃',

  'role.admin': '관리자',
  'role.operator': '운영자',
  'role.viewer': '열람자',

  'login.title': '로그인',
  'login.subtitle': '워크스페이스에 로그인하세요.',
  'login.email': '이메일',
  'login.password': '비밀번호',
  'login.submit': '로그인',
  'login.submitting': '로그인 중…',
  'login.firstRunHint':
    '처음 설치했다면 SORI_ADMIN_EMAIL, SORI_ADMIN_PASSWORD 환경 변수로 만든 관리자 계정으로 로그인하거나, 서버 로그에 나온 일회용 설정 링크(/setup#…)를 여세요.',

  'setup.title': '첫 관리자 만들기',
  'setup.subtitle': 'Sori를 처음 시작했습니다. 이 워크스페이스를 관리할 계정을 만드세요.',
  'setup.name': '이름 (선택)',
  'setup.password': '비밀번호 (10자 이상)',
  'setup.passwordConfirm': '비밀번호 확인',
  'setup.submit': '관리자 계정 만들기',
  'setup.submitting': '만드는 중…',
  'setup.noSecret': '이 페이지는 서버가 처음 시작할 때 로그에 출력한 일회용 링크로 열어야 합니다. 링크 전체(#… 포함)를 복사해 여세요.',
  'setup.passwordTooShort': '비밀번호는 10자 이상이어야 합니다.',
  'setup.passwordMismatch': '두 비밀번호가 다릅니다.',
  'setup.invalidLink': '설정 링크가 유효하지 않거나, 이미 쓰였거나, 24시간이 지나 만료되었습니다. 서버를 다시 시작하면 새 링크가 출력됩니다.',
  'setup.adminExists': '관리자 계정이 이미 있습니다. 로그인하세요.',
  'setup.goLogin': '로그인으로 가기',
  'login.sessionExpired': '세션이 만료되었습니다. 다시 로그인하세요.',
  'login.loggedOut': '로그아웃했습니다.',

  'boot.failed': 'Sori 서버에 연결하지 못했습니다.',

  'error.code.invalid_credentials': '이메일 또는 비밀번호가 올바르지 않습니다.',
  'error.code.unauthenticated': '로그인이 필요합니다.',
  'error.code.invalid_token': '토큰이나 링크가 유효하지 않습니다.',
  'error.code.forbidden': '이 작업을 할 권한이 없습니다.',
  'error.code.csrf_rejected': '다른 사이트에서 온 요청이라 거부되었습니다. 페이지를 새로 고친 뒤 다시 시도하세요.',
  'error.code.not_found': '찾을 수 없습니다.',
  'error.code.workspace_not_found': '워크스페이스를 찾을 수 없습니다.',
  'error.code.conflict': '이미 있는 항목과 충돌합니다.',
  'error.code.rate_limited': '시도가 너무 많습니다. 잠시 후 다시 시도하세요.',
  'error.code.validation_failed': '입력값을 확인하세요.',
  'error.code.bad_request': '요청 형식이 올바르지 않습니다.',
  'error.code.invalid_json': '요청 형식이 올바르지 않습니다.',
  'error.code.payload_too_large': '파일이 너무 큽니다. 200MB가 넘는 파일은 sori import 명령으로 가져오세요.',
  'error.code.unsupported_media_type': '지원하지 않는 형식입니다. CSV, TSV, JSONL, XLSX 파일을 올려 주세요.',
  'error.code.data_dir_locked': '다른 Sori 프로세스가 데이터 폴더를 쓰고 있습니다. 잠시 후 다시 시도하세요.',
  'error.status.400': '요청 형식이 올바르지 않습니다.',
  'error.status.401': '로그인이 필요합니다.',
  'error.status.403': '이 작업을 할 권한이 없습니다.',
  'error.status.404': '찾을 수 없습니다.',
  'error.status.413': '파일이 너무 큽니다.',
  'error.status.409': '이미 있는 항목과 충돌합니다.',
  'error.status.415': '지원하지 않는 형식입니다.',
  'error.status.422': '입력값을 확인하세요.',
  'error.status.429': '요청이 너무 많습니다. 잠시 후 다시 시도하세요.',
  'error.network': '서버에 연결할 수 없습니다. 네트워크 연결을 확인하세요.',
  'error.server': '서버 오류가 발생했습니다. 잠시 후 다시 시도하세요.',
  'error.unknown': '요청을 처리하지 못했습니다.',
  'error.serverSaid': '서버 메시지',

  'channel.chat': '채팅',
  'channel.phone': '전화',
  'channel.email': '이메일',
  'channel.board': '1:1 문의',
  'channel.survey': '설문',
  'channel.review': '리뷰',
  'channel.app_store': '앱 리뷰',
  'channel.social': '소셜',
  'channel.chatbot': '챗봇',
  'channel.other': '기타',

  'kind.inquiry': '문의',
  'kind.review': '리뷰',
  'kind.survey_response': '설문 응답',
  'kind.chatbot_session': '챗봇 대화',
  'kind.note': '메모',

  'status.new': '신규',
  'status.open': '진행 중',
  'status.pending': '고객 응답 대기',
  'status.on_hold': '보류',
  'status.resolved': '해결',
  'status.closed': '종료',

  'handledBy.bot': '챗봇',
  'handledBy.human': '상담원',

  'sentiment.positive': '긍정',
  'sentiment.neutral': '중립',
  'sentiment.negative': '부정',
  'sentiment.mixed': '혼합',

  'pii.phone': '전화번호',
  'pii.rrn': '주민등록번호',
  'pii.frn': '외국인등록번호',
  'pii.email': '이메일',
  'pii.card': '카드번호',
  'pii.account': '계좌번호',
  'pii.ip': 'IP 주소',
  'pii.redacted': '{kind} 가림',

  'items.title': '인입 목록',
  'items.subtitle': '모든 채널로 들어온 고객의 소리를 최신순으로 봅니다.',
  'items.summaryLabel': '요약',
  'items.total': '전체',
  'items.filterByChannel': '{channel} 채널만 보기',
  'items.export': '내보내기',
  'items.exportCsv': 'CSV',
  'items.exportXlsx': 'Excel',
  'items.exportHint': '현재 필터로 내보냅니다',
  'items.col.createdAt': '접수 일시',
  'items.col.channel': '채널',
  'items.col.source': '출처',
  'items.col.kind': '종류',
  'items.col.text': '내용',
  'items.col.customer': '고객',
  'items.col.rating': '평점/점수',
  'items.col.status': '상태',
  'items.col.pii': '개인정보',
  'items.ratingValue': '평점 {value}/5',
  'items.scoreValue': '점수 {value}/10',
  'items.loadMore': '더 보기',
  'items.loadingMore': '불러오는 중…',
  'items.showing': '{shown}건 표시 중',
  'items.showingOf': '전체 {total}건 중 {shown}건 표시 중',
  'items.end': '마지막 항목입니다.',
  'items.empty': '조건에 맞는 인입이 없습니다.',
  'items.emptyHint': '필터를 바꾸거나 초기화해 보세요.',
  'items.emptyNoData': '아직 들어온 인입이 없습니다.',
  'items.emptyNoDataHint': 'CSV, JSONL, XLSX 파일을 가져오면 여기에 표시됩니다.',
  'items.goImport': '파일 가져오기',
  'items.timezoneNote': '시간대: {timeZone}',

  'filters.label': '필터',
  'filters.channel': '채널',
  'filters.allChannels': '모든 채널',
  'filters.kind': '종류',
  'filters.allKinds': '모든 종류',
  'filters.source': '출처',
  'filters.sourcePlaceholder': '예: zendesk',
  'filters.from': '시작일',
  'filters.to': '종료일',
  'filters.q': '검색',
  'filters.qPlaceholder': '내용, 주문번호, 문의번호',
  'filters.reset': '필터 초기화',

  'detail.title': '인입 상세',
  'detail.section.item': '기본 정보',
  'detail.section.customer': '고객',
  'detail.section.handling': '처리',
  'detail.section.analysis': '분석',
  'detail.section.metadata': '메타데이터',
  'detail.id': 'ID',
  'detail.externalId': '외부 ID',
  'detail.source': '출처',
  'detail.receivedAt': 'Sori 수신 일시',
  'detail.language': '언어',
  'detail.customerRef': '고객',
  'detail.customerSegment': '세그먼트',
  'detail.customerPlan': '요금제',
  'detail.rating': '평점',
  'detail.score': '점수',
  'detail.orderRef': '주문 번호',
  'detail.productRef': '상품',
  'detail.status': '상태',
  'detail.assignee': '담당자',
  'detail.firstResponseAt': '첫 응답',
  'detail.resolvedAt': '해결 일시',
  'detail.reopenedCount': '재오픈 횟수',
  'detail.handledBy': '처리 주체',
  'detail.type': '문의 유형',
  'detail.topic': '토픽',
  'detail.sentiment': '감정',
  'detail.dupGroup': '중복 그룹',
  'detail.pii': '가린 개인정보',
  'detail.notAnalyzed': '아직 분석되지 않았습니다.',
  'detail.confidence': '신뢰도 {value}',

  'import.title': '가져오기',
  'import.subtitle': 'CSV, TSV, JSONL, XLSX 파일로 인입을 한 번에 올립니다. 개인정보는 저장 전에 가려집니다.',
  'import.file': '파일',
  'import.dropHint': '파일을 여기로 끌어다 놓거나 눌러서 고르세요',
  'import.fileTypes': 'CSV, TSV, JSONL, XLSX · 최대 200MB · 문자 인코딩(UTF-8, EUC-KR)은 자동으로 알아냅니다',
  'import.fileSelected': '{name} ({size})',
  'import.channel': '채널',
  'import.channelPlaceholder': '채널 선택',
  'import.channelFromFile': '파일의 channel 열 사용',
  'import.tooLarge': '200MB가 넘는 파일은 웹에서 올릴 수 없습니다. sori import 명령으로 가져오세요.',
  'import.source': '출처',
  'import.sourcePlaceholder': '예: zendesk, channel-talk, 2024-05-nps',
  'import.sourceHelp': '이 파일을 내보낸 시스템 이름입니다. 출처와 외부 ID가 같은 행은 새로 만들지 않고 갱신합니다.',
  'import.mapping': '열 매핑 (선택)',
  'import.mappingPlaceholder': 'text=문의내용,created_at=접수일시',
  'import.mappingHelp': '파일의 열 이름이 Sori 필드 이름과 다를 때 필드=열 이름을 쉼표로 이어 적습니다.',
  'import.dryRun': '미리 검사만 하기',
  'import.dryRunHelp': '행을 검사만 하고 저장하지 않습니다.',
  'import.submit': '가져오기',
  'import.submitDryRun': '검사하기',
  'import.uploading': '올리는 중… {percent}%',
  'import.processing': '처리 중…',
  'import.cancel': '취소',
  'import.needFile': '파일을 고르세요.',
  'import.needChannel': '채널을 고르세요.',
  'import.needSource': '출처를 입력하세요.',
  'import.resultTitle': '가져오기 결과',
  'import.dryRunResultTitle': '미리 검사 결과',
  'import.dryRunNotice': '아직 아무것도 저장되지 않았습니다. 결과가 괜찮으면 그대로 가져오세요.',
  'import.runForReal': '이대로 가져오기',
  'import.viewItems': '인입 목록에서 보기',
  'import.count.total': '전체 행',
  'import.count.accepted': '통과',
  'import.count.inserted': '새로 추가',
  'import.count.updated': '갱신',
  'import.count.unchanged': '변경 없음',
  'import.count.rejected': '거부',
  'import.rejectsTitle': '거부된 행',
  'import.rejects.row': '행',
  'import.rejects.field': '필드',
  'import.rejects.reason': '사유',
  'import.rejectsTruncated': '처음 {shown}건만 표시합니다. 전체 목록은 파일로 내려받으세요.',
  'import.rejectsDownload': '거부된 행 내려받기',
  'import.noRejects': '거부된 행이 없습니다.',
  'import.unmapped': '필드에 연결되지 않은 열 (메타데이터로 보관)',
  'import.unmappedHint': '이 열을 필드로 쓰려면 열 매핑에 필드=열 이름을 적으세요.',

  'notFound.title': '페이지를 찾을 수 없습니다',
  'notFound.back': '인입 목록으로 가기',
  'forbidden.title': '권한이 없습니다',
  'forbidden.body': '이 페이지를 볼 권한이 없습니다. 필요하면 관리자에게 요청하세요.',
} as const;

export type MessageKey = keyof typeof ko;
type Messages = Record<MessageKey, string>;

const en: Messages = {
  'app.name': 'Sori',
  'app.tagline': 'Voice of Customer',
  'app.skipToContent': 'Skip to content',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.close': 'Close',

  'lang.label': 'Language',
  'lang.ko': '한국어',
  'lang.en': 'English',

  'nav.label': 'Main menu',
  'nav.items': 'Items',
  'nav.import': 'Import',

  'header.workspace': 'Workspace',
  'header.demo': 'Demo',
  'header.signedInAs': 'Signed in as',
  'header.logout': 'Log out',

  'role.admin': 'Admin',
  'role.operator': 'Operator',
  'role.viewer': 'Viewer',

  'login.title': 'Sign in',
  'login.subtitle': 'Sign in to your workspace.',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.firstRunHint':
    'First start? Sign in with the admin account created from SORI_ADMIN_EMAIL and SORI_ADMIN_PASSWORD, or open the one-time setup link (/setup#…) printed in the server log.',

  'setup.title': 'Create the first admin',
  'setup.subtitle': 'Sori has just been installed. Create the account that will manage this workspace.',
  'setup.name': 'Name (optional)',
  'setup.password': 'Password (at least 10 characters)',
  'setup.passwordConfirm': 'Confirm password',
  'setup.submit': 'Create admin account',
  'setup.submitting': 'Creating…',
  'setup.noSecret': 'Open this page with the one-time link the server printed in its log on first start. Copy the whole link, including the part after #.',
  'setup.passwordTooShort': 'The password needs at least 10 characters.',
  'setup.passwordMismatch': 'The passwords do not match.',
  'setup.invalidLink': 'The setup link is invalid, already used, or older than 24 hours. Restart the server to print a new one.',
  'setup.adminExists': 'An admin account already exists. Please sign in.',
  'setup.goLogin': 'Go to sign in',
  'login.sessionExpired': 'Your session has expired. Please sign in again.',
  'login.loggedOut': 'You have been logged out.',

  'boot.failed': 'Could not reach the Sori server.',

  'error.code.invalid_credentials': 'Incorrect email or password.',
  'error.code.unauthenticated': 'Please sign in.',
  'error.code.invalid_token': 'The token or link is not valid.',
  'error.code.forbidden': 'You do not have permission to do this.',
  'error.code.csrf_rejected': 'The request was rejected as cross-site. Reload the page and try again.',
  'error.code.not_found': 'Not found.',
  'error.code.workspace_not_found': 'Workspace not found.',
  'error.code.conflict': 'This conflicts with something that already exists.',
  'error.code.rate_limited': 'Too many attempts. Please wait a moment and try again.',
  'error.code.validation_failed': 'Please check what you entered.',
  'error.code.bad_request': 'The request was not valid.',
  'error.code.invalid_json': 'The request was not valid.',
  'error.code.payload_too_large': 'The file is too large. Import files over 200 MB with the sori import command.',
  'error.code.unsupported_media_type': 'Unsupported format. Upload a CSV, TSV, JSONL or XLSX file.',
  'error.code.data_dir_locked': 'Another Sori process is using the data folder. Please try again shortly.',
  'error.status.400': 'The request was not valid.',
  'error.status.401': 'Please sign in.',
  'error.status.403': 'You do not have permission to do this.',
  'error.status.404': 'Not found.',
  'error.status.413': 'The file is too large.',
  'error.status.409': 'This conflicts with something that already exists.',
  'error.status.415': 'Unsupported format.',
  'error.status.422': 'Please check what you entered.',
  'error.status.429': 'Too many requests. Please wait a moment and try again.',
  'error.network': 'Cannot reach the server. Check your network connection.',
  'error.server': 'Something went wrong on the server. Please try again shortly.',
  'error.unknown': 'The request could not be completed.',
  'error.serverSaid': 'Server message',

  'channel.chat': 'Chat',
  'channel.phone': 'Phone',
  'channel.email': 'Email',
  'channel.board': '1:1 inquiry',
  'channel.survey': 'Survey',
  'channel.review': 'Review',
  'channel.app_store': 'App store',
  'channel.social': 'Social',
  'channel.chatbot': 'Chatbot',
  'channel.other': 'Other',

  'kind.inquiry': 'Inquiry',
  'kind.review': 'Review',
  'kind.survey_response': 'Survey response',
  'kind.chatbot_session': 'Chatbot session',
  'kind.note': 'Note',

  'status.new': 'New',
  'status.open': 'Open',
  'status.pending': 'Pending',
  'status.on_hold': 'On hold',
  'status.resolved': 'Resolved',
  'status.closed': 'Closed',

  'handledBy.bot': 'Bot',
  'handledBy.human': 'Agent',

  'sentiment.positive': 'Positive',
  'sentiment.neutral': 'Neutral',
  'sentiment.negative': 'Negative',
  'sentiment.mixed': 'Mixed',

  'pii.phone': 'Phone number',
  'pii.rrn': 'Resident reg. no.',
  'pii.frn': 'Foreigner reg. no.',
  'pii.email': 'Email',
  'pii.card': 'Card number',
  'pii.account': 'Account number',
  'pii.ip': 'IP address',
  'pii.redacted': '{kind} redacted',

  'items.title': 'Items',
  'items.subtitle': 'Every customer voice from every channel, newest first.',
  'items.summaryLabel': 'Summary',
  'items.total': 'Total',
  'items.filterByChannel': 'Show only {channel}',
  'items.export': 'Export',
  'items.exportCsv': 'CSV',
  'items.exportXlsx': 'Excel',
  'items.exportHint': 'Exports with the current filters',
  'items.col.createdAt': 'Created',
  'items.col.channel': 'Channel',
  'items.col.source': 'Source',
  'items.col.kind': 'Kind',
  'items.col.text': 'Text',
  'items.col.customer': 'Customer',
  'items.col.rating': 'Rating/score',
  'items.col.status': 'Status',
  'items.col.pii': 'PII',
  'items.ratingValue': 'Rating {value}/5',
  'items.scoreValue': 'Score {value}/10',
  'items.loadMore': 'Load more',
  'items.loadingMore': 'Loading…',
  'items.showing': 'Showing {shown}',
  'items.showingOf': 'Showing {shown} of {total}',
  'items.end': 'End of the list.',
  'items.empty': 'No items match these filters.',
  'items.emptyHint': 'Try different filters, or clear them.',
  'items.emptyNoData': 'No items yet.',
  'items.emptyNoDataHint': 'Import a CSV, JSONL or XLSX file and its rows show up here.',
  'items.goImport': 'Import a file',
  'items.timezoneNote': 'Time zone: {timeZone}',

  'filters.label': 'Filters',
  'filters.channel': 'Channel',
  'filters.allChannels': 'All channels',
  'filters.kind': 'Kind',
  'filters.allKinds': 'All kinds',
  'filters.source': 'Source',
  'filters.sourcePlaceholder': 'e.g. zendesk',
  'filters.from': 'From',
  'filters.to': 'To',
  'filters.q': 'Search',
  'filters.qPlaceholder': 'Text, order or ticket number',
  'filters.reset': 'Clear filters',

  'detail.title': 'Item details',
  'detail.section.item': 'Basics',
  'detail.section.customer': 'Customer',
  'detail.section.handling': 'Handling',
  'detail.section.analysis': 'Analysis',
  'detail.section.metadata': 'Metadata',
  'detail.id': 'ID',
  'detail.externalId': 'External ID',
  'detail.source': 'Source',
  'detail.receivedAt': 'Received by Sori',
  'detail.language': 'Language',
  'detail.customerRef': 'Customer',
  'detail.customerSegment': 'Segment',
  'detail.customerPlan': 'Plan',
  'detail.rating': 'Rating',
  'detail.score': 'Score',
  'detail.orderRef': 'Order',
  'detail.productRef': 'Product',
  'detail.status': 'Status',
  'detail.assignee': 'Assignee',
  'detail.firstResponseAt': 'First response',
  'detail.resolvedAt': 'Resolved',
  'detail.reopenedCount': 'Reopened',
  'detail.handledBy': 'Handled by',
  'detail.type': 'Type',
  'detail.topic': 'Topic',
  'detail.sentiment': 'Sentiment',
  'detail.dupGroup': 'Duplicate group',
  'detail.pii': 'Redacted PII',
  'detail.notAnalyzed': 'Not analyzed yet.',
  'detail.confidence': 'confidence {value}',

  'import.title': 'Import',
  'import.subtitle': 'Upload items in bulk from a CSV, TSV, JSONL or XLSX file. Personal data is redacted before it is stored.',
  'import.file': 'File',
  'import.dropHint': 'Drop a file here or click to choose one',
  'import.fileTypes': 'CSV, TSV, JSONL, XLSX · up to 200 MB · text encoding (UTF-8, EUC-KR) is detected',
  'import.fileSelected': '{name} ({size})',
  'import.channel': 'Channel',
  'import.channelPlaceholder': 'Choose a channel',
  'import.channelFromFile': 'From the file’s channel column',
  'import.tooLarge': 'Files over 200 MB cannot be uploaded here. Use the sori import command.',
  'import.source': 'Source',
  'import.sourcePlaceholder': 'e.g. zendesk, channel-talk, 2024-05-nps',
  'import.sourceHelp':
    'Name of the system this file came from. Rows with the same source and external ID update the existing item instead of adding a new one.',
  'import.mapping': 'Column mapping (optional)',
  'import.mappingPlaceholder': 'text=body,created_at=opened_at',
  'import.mappingHelp': 'When the file’s column names differ from Sori’s field names, list field=column pairs separated by commas.',
  'import.dryRun': 'Dry run',
  'import.dryRunHelp': 'Check the rows without saving anything.',
  'import.submit': 'Import',
  'import.submitDryRun': 'Check file',
  'import.uploading': 'Uploading… {percent}%',
  'import.processing': 'Processing…',
  'import.cancel': 'Cancel',
  'import.needFile': 'Choose a file.',
  'import.needChannel': 'Choose a channel.',
  'import.needSource': 'Enter a source.',
  'import.resultTitle': 'Import result',
  'import.dryRunResultTitle': 'Dry-run result',
  'import.dryRunNotice': 'Nothing has been saved yet. If the result looks right, import the file for real.',
  'import.runForReal': 'Import for real',
  'import.viewItems': 'View in Items',
  'import.count.total': 'Rows',
  'import.count.accepted': 'Accepted',
  'import.count.inserted': 'Inserted',
  'import.count.updated': 'Updated',
  'import.count.unchanged': 'Unchanged',
  'import.count.rejected': 'Rejected',
  'import.rejectsTitle': 'Rejected rows',
  'import.rejects.row': 'Row',
  'import.rejects.field': 'Field',
  'import.rejects.reason': 'Reason',
  'import.rejectsTruncated': 'Showing the first {shown}. Download the file for the full list.',
  'import.rejectsDownload': 'Download rejected rows',
  'import.noRejects': 'No rows were rejected.',
  'import.unmapped': 'Columns not matched to a field (kept as metadata)',
  'import.unmappedHint': 'To use one as a field, add field=column to the column mapping.',

  'notFound.title': 'Page not found',
  'notFound.back': 'Go to Items',
  'forbidden.title': 'Access denied',
  'forbidden.body': 'You do not have access to this page. Ask an admin if you need it.',
};

export type Locale = 'ko' | 'en';
export const LOCALES: readonly Locale[] = ['ko', 'en'];
const MESSAGES: Record<Locale, Messages> = { ko, en };
const STORAGE_KEY = 'sori.locale';

/** English only when the browser clearly prefers it; Korean when unsure. */
export function detectLocale(languages: readonly string[]): Locale {
  const first = languages.find((l) => l.trim() !== '');
  return first && /^en\b/i.test(first) ? 'en' : 'ko';
}

function readStoredLocale(): Locale | null {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === 'ko' || stored === 'en' ? stored : null;
  } catch {
    return null; // storage disabled (private mode, policies)
  }
}

function initialLocale(): Locale {
  if (typeof window === 'undefined') return 'ko';
  const nav = window.navigator;
  return readStoredLocale() ?? detectLocale(nav.languages?.length ? nav.languages : [nav.language ?? '']);
}

let currentLocale: Locale = initialLocale();
const listeners = new Set<() => void>();

/** The language in use right now (for code outside React). */
export function getLocale(): Locale {
  return currentLocale;
}

/** Switches the language, remembers it in localStorage and updates `<html lang>`. */
export function setLocale(locale: Locale): void {
  currentLocale = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not persisted; the switch still applies to this tab
  }
  document.documentElement.lang = locale;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Vars = Record<string, string | number>;

/** Looks a message up and fills `{name}` placeholders; unknown keys come back as the key itself. */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = MESSAGES[locale][key] ?? ko[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

/** True when `key` names a message (for labels of values the server may add later). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ko, key);
}

export type Translate = (key: MessageKey, vars?: Vars) => string;

export interface I18n {
  locale: Locale;
  t: Translate;
  /** Label for an API value such as a channel or status; falls back to the raw value. */
  label: (group: 'channel' | 'kind' | 'status' | 'pii' | 'role' | 'handledBy' | 'sentiment', value: string) => string;
  /** BCP 47 tag for Intl formatting. */
  intlLocale: string;
}

const bound: Record<Locale, I18n> = {
  ko: bind('ko'),
  en: bind('en'),
};

function bind(locale: Locale): I18n {
  const t: Translate = (key, vars) => translate(locale, key, vars);
  return {
    locale,
    t,
    label: (group, value) => {
      const key = `${group}.${value}`;
      return hasMessage(key) ? t(key) : value;
    },
    intlLocale: locale === 'ko' ? 'ko-KR' : 'en-US',
  };
}

/** The current language and its translator; re-renders on a switch. */
export function useI18n(): I18n {
  const locale = useSyncExternalStore(subscribe, getLocale, () => 'ko' as Locale);
  return bound[locale];
}

if (typeof document !== 'undefined') document.documentElement.lang = currentLocale;
