import type { Urgency } from './kinds.ts';
import type { WorkingCalendar } from '../calendar/public.ts';

/**
 * Delivery deadlines of incoming documents (seed 000 Art. 8 §5): an urgent document reaches the
 * person responsible within 30 minutes of office time, or within 1 hour when it arrives outside
 * office hours (someone is called in); any other within 4 working hours. An electronic incoming
 * document is handled by the clerk within 2 working hours (seed 004 Art. 7).
 */
export function deliveryDeadline(arrivedAt: Date, urgency: Urgency, calendar: WorkingCalendar): Date {
  if (urgency !== 'NORMAL') {
    return calendar.isOfficeTime(arrivedAt) ? calendar.addWorkingMinutes(arrivedAt, 30) : new Date(arrivedAt.getTime() + 60 * 60_000);
  }
  return calendar.addWorkingMinutes(arrivedAt, 4 * 60);
}

export function electronicHandlingDeadline(arrivedAt: Date, calendar: WorkingCalendar): Date {
  return calendar.addWorkingMinutes(arrivedAt, 2 * 60);
}

/**
 * Decree 30 Art. 4: an incoming document is registered on the day it arrives or, at the latest,
 * the next working day. True when `registrationDate` is later than that.
 */
export function registeredLate(arrivalDate: string, registrationDate: string, calendar: WorkingCalendar): boolean {
  return registrationDate > arrivalDate && registrationDate > calendar.nextWorkingDay(arrivalDate);
}
