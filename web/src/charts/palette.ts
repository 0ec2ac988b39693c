/**
 * Chart colours: channels keep the colours of their dots elsewhere in the app (styles.css
 * `.channel-*`), sentiments read as red/grey/green, anything else takes a categorical palette
 * chosen to stay distinguishable next to each other and on white.
 */

export const CHANNEL_COLORS: Readonly<Record<string, string>> = {
  chat: '#3451d1',
  phone: '#0e9384',
  email: '#7a5af8',
  board: '#dd2590',
  survey: '#f79009',
  review: '#e04f16',
  app_store: '#2e90fa',
  social: '#ee46bc',
  chatbot: '#15b79e',
  other: '#98a2b3',
};

export const SENTIMENT_COLORS: Readonly<Record<string, string>> = {
  negative: '#d92d20',
  neutral: '#98a2b3',
  positive: '#079455',
};

export const SERIES_PALETTE: readonly string[] = [
  '#3451d1', '#e04f16', '#0e9384', '#7a5af8', '#f79009', '#dd2590',
  '#2e90fa', '#4ca30d', '#ee46bc', '#15b79e', '#875bf7', '#b54708',
];

/** "Other", "none" and similar catch-all lines. */
export const MUTED_COLOR = '#98a2b3';

/** Bars of the overview's volume series and the contact-rate line drawn over them. */
export const VOLUME_BAR_COLOR = '#9fb0ef';
export const VOLUME_BAR_HOVER = '#3451d1';
export const RATE_LINE_COLOR = '#e04f16';

export const AXIS_TEXT = '#667085';
export const GRID_LINE = '#eaecf0';
export const CHART_FONT = "'Pretendard Variable', Pretendard, -apple-system, BlinkMacSystemFont, system-ui, 'Apple SD Gothic Neo', 'Noto Sans KR', 'Malgun Gothic', 'Segoe UI', Roboto, sans-serif";

/** A line's colour: by channel or sentiment where those have one, else by its position. */
export function lineColor(by: string | null, key: string, index: number): string {
  if (key === '__other__' || (by === 'topic' && key === '0') || ((by === 'type' || by === 'sentiment' || by === 'segment') && key === '')) return MUTED_COLOR;
  if (by === 'channel' && CHANNEL_COLORS[key]) return CHANNEL_COLORS[key];
  if (by === 'sentiment' && SENTIMENT_COLORS[key]) return SENTIMENT_COLORS[key];
  return SERIES_PALETTE[index % SERIES_PALETTE.length];
}
