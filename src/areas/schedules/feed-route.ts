import type { FilterQuery } from '@mikro-orm/core';
import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { forkForOrganisation } from '../../core/context.ts';
import { notFound } from '../../core/http-answers.ts';
import type { HttpRoute } from '../../core/module.ts';
import { eventTexts } from './event-text.ts';
import { FEED_PREFIX, feedReader } from './feed-service.ts';
import { eventPolicy } from './schedule-policy.ts';
import { ScheduleEvent, type ScheduleEventEntity } from './schedule.ts';

const DAY_MS = 86_400_000;
/** What a feed holds: five weeks back, half a year ahead (phones keep what they have seen). */
const BACK_MS = 35 * DAY_MS;
const AHEAD_MS = 183 * DAY_MS;
const MAX_EVENTS = 2000;

/**
 * `GET /calendar/feeds/<secret>.ics`: a person's or a unit's iCalendar feed (RFC 5545) for phones
 * and mail clients, which cannot send a bearer token: the secret address is the credential. It
 * holds the events that concern its owner, read under the events' rule as its owner would read
 * them now; an unknown or rotated secret is 404, like a feed that does not exist.
 */
export const calendarFeedRoute: HttpRoute = async (request, response, url, { orm }) => {
  if (!url.pathname.startsWith(FEED_PREFIX) || !url.pathname.endsWith('.ics')) return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const secret = url.pathname.slice(FEED_PREFIX.length, -'.ics'.length);
  const reader = await feedReader(orm.em.fork(), secret);
  if (!reader) {
    notFound(response);
    return true;
  }
  const { viewer } = reader;
  const em = forkForOrganisation(orm, viewer.organisationId);
  const now = Date.now();
  const theirs = reader.unitFeed
    ? { $or: [{ unit: viewer.unitId }, { attendeeUnitIds: { $overlap: [viewer.unitId] } }] }
    : { $or: [{ attendeeIds: { $contains: [viewer.accountId] } }, { attendeeUnitIds: { $overlap: [viewer.unitId] } }] };
  const events = await em.find(
    ScheduleEvent,
    { $and: [eventPolicy.visible(viewer), theirs, { startsAt: { $gte: new Date(now - BACK_MS), $lt: new Date(now + AHEAD_MS) } }] } as FilterQuery<ScheduleEventEntity>,
    { orderBy: { startsAt: 'asc', id: 'asc' }, limit: MAX_EVENTS },
  );
  const calendar = ical({ name: `Lịch công tác - ${reader.name}`, prodId: { company: 'Vanthu', product: 'lich-cong-tac', language: 'VI' } });
  for (const text of await eventTexts(em, viewer, events)) {
    const description = text.busy ? null : [text.chair ? `Chủ trì: ${text.chair}` : null, text.participants ? `Thành phần: ${text.participants}` : null, text.notes].filter(Boolean).join('\n');
    calendar.createEvent({
      id: `${text.event.id}@vanthu`,
      start: text.event.startsAt,
      end: text.event.endsAt,
      stamp: text.event.updatedAt,
      lastModified: text.event.updatedAt,
      summary: text.event.cancelledAt && !text.busy ? text.event.title : text.title,
      location: text.place,
      description: description || null,
      status: text.event.cancelledAt ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.OPAQUE,
    });
  }
  const body = calendar.toString();
  response.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
  response.end(request.method === 'HEAD' ? undefined : body);
  return true;
};
