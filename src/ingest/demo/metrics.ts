// Daily business numbers of 소리마켓 that move with the inquiries: weekly seasonality, the same
// growth, dips during the incidents, and cancellations that follow cancellation inquiries.

import { formatKstDay, isWeekdayHoliday, weekdayOf } from './calendar.js';
import { dayTrend, type DayPlan } from './day-plan.js';
import { createRng, type Rng } from './rng.js';

export interface DemoMetric {
  day: string;
  name: string;
  value: number;
}

// Sunday first. Shopping peaks on Sunday evening; sign-ups on weekends; the app is used daily.
const ORDERS_WEEKDAY = [1.12, 1.05, 1.0, 0.98, 0.97, 0.93, 1.0];
const SIGNUPS_WEEKDAY = [1.15, 1.0, 0.97, 0.95, 0.95, 0.98, 1.12];
const DAU_WEEKDAY = [1.08, 0.98, 0.97, 0.97, 0.97, 0.98, 1.05];
const HOLIDAY_ORDERS = 0.8;

/** Multiplier that varies by ±`spread` around 1. */
function jitter(rng: Rng, spread: number): number {
  return 1 + (rng() * 2 - 1) * spread;
}

/**
 * Business metrics per day: orders, payments, cancellations, mau, dau, signups, and the
 * membership's subscribers and churned. The last day is partial, like the inquiries.
 * `cancelInquiries[i]` is the number of cancellation inquiries of day i.
 */
export function generateMetrics(plan: DayPlan, cancelInquiries: ArrayLike<number>, seed: number): DemoMetric[] {
  // An own stream, so metrics never shift the items of a seed.
  const rng = createRng((seed ^ 0x5eed_ab1e) >>> 0);
  // The membership's numbers draw from a stream of their own too, so the others stay as they were.
  const members = createRng((seed ^ 0x0c4a_77ed) >>> 0);
  const out: DemoMetric[] = [];
  for (let i = 0; i < plan.days; i++) {
    const dayNumber = plan.firstDay + i;
    const weekday = weekdayOf(dayNumber);
    const trend = dayTrend(i);
    const part = plan.elapsed[i];
    const incident = plan.incidentOfDay[i] >= 0 ? plan.incidents[plan.incidentOfDay[i]].spec.key : null;
    const firstIncidentDay = incident !== null && (i === 0 || plan.incidentOfDay[i - 1] !== plan.incidentOfDay[i]);
    // Who cannot log in cannot buy; a delivery backlog puts people off ordering.
    const loginHit = incident === 'login_outage' ? (firstIncidentDay ? 0.84 : 0.94) : 1;
    const delayHit = incident === 'delivery_delay_week' ? 0.94 : 1;

    // On 설날, 추석 and other weekday holidays people travel and couriers rest: fewer orders, and
    // the app is used like on a Sunday.
    const holiday = isWeekdayHoliday(dayNumber);
    const ordersDay = holiday ? HOLIDAY_ORDERS : ORDERS_WEEKDAY[weekday];
    const orders = Math.round(5200 * trend * ordersDay * jitter(rng, 0.04) * loginHit * delayHit * part);
    const renewals = Math.round(380 * trend * jitter(rng, 0.08) * part);
    const payments = Math.round(orders * 0.975 * jitter(rng, 0.01)) + Math.round(renewals * loginHit);
    // Most cancellations never reach support; those that do are a steady fraction of them.
    const cancellations = Math.round(orders * 0.011 * jitter(rng, 0.15) + cancelInquiries[i] * 3.5);
    const signups = Math.round(860 * trend * SIGNUPS_WEEKDAY[holiday ? 0 : weekday] * jitter(rng, 0.08) * part);
    const dau = Math.round(71_000 * trend * DAU_WEEKDAY[holiday ? 0 : weekday] * jitter(rng, 0.02) * (incident === 'login_outage' ? loginHit - 0.02 : 1) * part);
    const mau = Math.round(415_000 * trend * jitter(rng, 0.004));

    const day = formatKstDay(dayNumber);
    out.push(
      { day, name: 'orders', value: orders },
      { day, name: 'payments', value: payments },
      { day, name: 'cancellations', value: cancellations },
      { day, name: 'mau', value: mau },
      { day, name: 'dau', value: dau },
      { day, name: 'signups', value: signups },
    );
    // 소리마켓 멤버십 (the renewals above): about 11,000 paying members, ~3 % of them ending it a
    // month, more on days when more people ask to cancel. A level: the day's count, whole.
    const subscribers = Math.round(11_000 * trend * jitter(members, 0.003));
    const churned = Math.round((subscribers * 0.001 * jitter(members, 0.2) + cancelInquiries[i] * 0.6) * part);
    out.push({ day, name: 'subscribers', value: subscribers }, { day, name: 'churned', value: churned });
  }
  return out;
}
