/**
 * Working days for the registration rule (Decree 30 Art. 4: registered on the day of arrival or
 * the next working day). Weekends only for now: public holidays join with the working-hours
 * calendar of the routing area.
 */
function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function isWeekend(isoDate: string): boolean {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export function nextWorkingDay(isoDate: string): string {
  let next = addDays(isoDate, 1);
  while (isWeekend(next)) next = addDays(next, 1);
  return next;
}

/** Registered later than the next working day after arrival. */
export function registeredLate(arrivalDate: string, registrationDate: string): boolean {
  return registrationDate > nextWorkingDay(arrivalDate);
}
