import type { EventKind } from './events-api';

/** Each kind's colour on the charts and in the list: 장애 red, 배포 blue, 프로모션 pink, 정책 변경 purple, 기타 grey. */
export const EVENT_KIND_COLORS: Readonly<Record<EventKind, string>> = {
  incident: '#d92d20',
  release: '#2e90fa',
  campaign: '#dd2590',
  policy: '#7a5af8',
  other: '#667085',
};

/** A #rrggbb colour at some opacity (a range's band under the bars). */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
