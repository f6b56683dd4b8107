import { forkFor } from '../../core/context.ts';
import { notFound, sendAttachment } from '../../core/http-answers.ts';
import type { HttpRoute } from '../../core/module.ts';
import { headedTable, printed, renderPdf } from '../../core/pdf.ts';
import { vietnamClock, vietnamDate } from '../../core/vietnam-time.ts';
import { Unit } from '../accounts/public.ts';
import { eventTexts, type EventText } from './event-text.ts';
import { eventPolicy, schedulePolicy } from './schedule-policy.ts';
import { Schedule, ScheduleEvent } from './schedule.ts';
import { weekAfter } from './week.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PATH = /^\/schedules\/([\w-]+)\.pdf$/;

export const printPath = (id: string) => `/schedules/${id}.pdf`;

/** Weekday names as the printed schedule writes them (getUTCDay of the Vietnam date: 0 is Sunday). */
export const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

export function weekdayOf(isoDate: string): string {
  return WEEKDAYS[new Date(`${isoDate}T00:00:00Z`).getUTCDay()]!;
}

/** The week's table in the usual form: day, time, content, chair, participants, place. */
export function scheduleRows(texts: readonly EventText[]): string[][] {
  return texts.map((text) => {
    const day = vietnamDate(text.event.startsAt);
    return [`${weekdayOf(day)}\n${printed(day)}`, `${vietnamClock(text.event.startsAt)} - ${vietnamClock(text.event.endsAt)}`, text.title, text.chair ?? '', text.participants ?? '', text.place ?? ''];
  });
}

/**
 * `GET /schedules/<id>.pdf`: the week's schedule printed on A4 landscape with the reader's bearer
 * token, holding what the reader sees of it (the schedule's and the events' rules); 404 for a
 * schedule they may not see, like one that does not exist.
 */
export const schedulePrintRoute: HttpRoute = async (request, response, url, { orm, viewerOf }) => {
  const match = PATH.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  const em = forkFor(orm, viewer);
  const schedule = UUID.test(match[1]!) ? await em.findOne(Schedule, { $and: [{ id: match[1]! }, schedulePolicy.visible(viewer)] } as never) : null;
  if (!schedule) {
    notFound(response);
    return true;
  }
  const [events, unit] = await Promise.all([
    em.find(ScheduleEvent, { $and: [{ schedule: schedule.id }, eventPolicy.visible(viewer)] } as never, { orderBy: { startsAt: 'asc', id: 'asc' } }),
    schedule.unit ? em.findOne(Unit, { id: schedule.unit.id }) : null,
  ]);
  const texts = await eventTexts(em, viewer, events);
  const lastDay = vietnamDate(new Date(Date.parse(`${weekAfter(schedule.weekStart)}T00:00:00Z`) - 86_400_000));
  const heading = `LỊCH CÔNG TÁC TUẦN${unit ? ` - ${unit.name.toUpperCase()}` : ''}`;
  const pdf = await renderPdf({ layout: 'landscape', info: { Title: `${heading} ${schedule.weekStart}` } }, (doc) => {
    doc.font('bold').fontSize(14).text(heading, { align: 'center' });
    doc.font('regular').fontSize(11).text(`(Từ ngày ${printed(schedule.weekStart)} đến ngày ${printed(lastDay)})${schedule.status === 'DRAFT' ? ' - DỰ THẢO' : ''}`, { align: 'center' });
    doc.moveDown();
    doc.fontSize(9.5);
    headedTable(doc, [80, 70, '*', 110, 150, 110], ['Ngày', 'Thời gian', 'Nội dung', 'Chủ trì', 'Thành phần', 'Địa điểm'], scheduleRows(texts));
  });
  sendAttachment(response, 'application/pdf', `lich-cong-tac-${schedule.weekStart}.pdf`, pdf);
  return true;
};
