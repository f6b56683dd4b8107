import Holidays from 'date-holidays';

/**
 * Vietnam's public holidays for a year (Labour Code 2019 Art. 112), from the date-holidays
 * library (which computes the lunar ones): New Year's Day, Tết, the Hùng Kings' day, 30 April,
 * 1 May and 2 September. The library gives Tết as its eve and first day; the law gives five days,
 * so the eve and the first four days of the year are counted. Days the government adds each year
 * (the second day of National Day, bridges, swaps) are entered by an administrator.
 */
const vietnam = new Holidays('VN');
const cache = new Map<number, string[]>();

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function statutoryHolidays(year: number): string[] {
  const known = cache.get(year);
  if (known) return known;
  const days = new Set<string>();
  for (const holiday of vietnam.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    const date = holiday.date.slice(0, 10);
    days.add(date);
    if (holiday.name === 'Tết Nguyên Đán') for (let i = 1; i <= 3; i += 1) days.add(addDays(date, i));
  }
  const result = [...days].sort();
  cache.set(year, result);
  return result;
}
