import { isIsoDate, startOfVietnamDay, endOfVietnamDate } from '../../core/vietnam-time.ts';
import { reject } from '../../core/user-error.ts';

export const STATISTICS_PERIODS = ['DAY', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type StatisticsPeriod = (typeof STATISTICS_PERIODS)[number];

/** The longest span one statistics question may cover (issue 18: "a period of more than 5 years"). */
const MAX_YEARS = 5;

/** How a period's label is written: 2026-03-14, 2026-03, 2026-Q1, 2026. */
const LABELS: Record<StatisticsPeriod, { trunc: string; format: string }> = {
  DAY: { trunc: 'day', format: 'YYYY-MM-DD' },
  MONTH: { trunc: 'month', format: 'YYYY-MM' },
  QUARTER: { trunc: 'quarter', format: 'YYYY-"Q"Q' },
  YEAR: { trunc: 'year', format: 'YYYY' },
};

/** The SQL label of the period a timestamp column falls in, by the Vietnamese calendar. */
export function periodLabel(column: string, period: StatisticsPeriod): string {
  const { trunc, format } = LABELS[period];
  return `to_char(date_trunc('${trunc}', ${column} at time zone 'Asia/Ho_Chi_Minh'), '${format}')`;
}

export interface Span {
  from: Date;
  until: Date;
}

/** The instants of [from, to] (whole Vietnamese days), refused when not dates, reversed, or over five years. */
export function spanOf(from: string, to: string): Span {
  if (!isIsoDate(from)) reject(['input', 'from'], 'INVALID', 'Ngày bắt đầu phải có dạng YYYY-MM-DD.');
  if (!isIsoDate(to)) reject(['input', 'to'], 'INVALID', 'Ngày kết thúc phải có dạng YYYY-MM-DD.');
  if (to < from) reject(['input', 'to'], 'INVALID', 'Ngày kết thúc phải sau ngày bắt đầu.');
  const [year, month, day] = from.split('-').map(Number) as [number, number, number];
  const limit = `${String(year + MAX_YEARS).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (to >= limit) reject(['input', 'to'], 'INVALID', `Khoảng thời gian thống kê tối đa ${MAX_YEARS} năm.`);
  return { from: startOfVietnamDay(from), until: endOfVietnamDate(to) };
}
