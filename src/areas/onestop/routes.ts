import type { ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forkFor } from '../../core/context.ts';
import { notFound, sendAttachment } from '../../core/http-answers.ts';
import { decodeId } from '../../core/ids.ts';
import type { HttpRoute } from '../../core/module.ts';
import { Organisation } from '../../core/organisation.ts';
import type { Viewer } from '../../core/viewer.ts';
import { casePolicy, slipPolicy } from './onestop-policy.ts';
import { OneStopCase, OneStopProcedure, OneStopSlip } from './onestop.ts';
import { lookupPage, LOOKUP_SCRIPT, LOOKUP_STYLE } from './lookup-page.ts';
import { portalOrigins } from './portal.ts';
import { receiptPdf, slipPdf } from './slips-pdf.ts';

async function sendReceipt(em: EntityManager, viewer: Viewer, response: ServerResponse, id: string): Promise<void> {
  const caseId = decodeId(id, 'OneStopCase');
  const record = caseId ? await em.findOne(OneStopCase, { $and: [{ id: caseId }, casePolicy.visible(viewer)] } as never) : null;
  if (!record) return notFound(response);
  const [procedure, organisation] = await Promise.all([em.findOneOrFail(OneStopProcedure, { id: record.procedure.id }), em.findOneOrFail(Organisation, { id: record.organisation.id })]);
  sendAttachment(response, 'application/pdf', `giay-tiep-nhan-${record.receiptCode}.pdf`, await receiptPdf(organisation.name, record, procedure));
}

async function sendSlip(em: EntityManager, viewer: Viewer, response: ServerResponse, id: string): Promise<void> {
  const slipId = decodeId(id, 'OneStopSlip');
  const slip = slipId ? await em.findOne(OneStopSlip, { $and: [{ id: slipId }, slipPolicy.visible(viewer)] } as never) : null;
  if (!slip) return notFound(response);
  const [procedure, organisation, record] = await Promise.all([
    em.findOneOrFail(OneStopProcedure, { id: slip.procedure.id }),
    em.findOneOrFail(Organisation, { id: slip.organisation.id }),
    slip.case ? em.findOne(OneStopCase, { id: slip.case.id }) : null,
  ]);
  sendAttachment(response, 'application/pdf', `phieu-${slip.kind.toLowerCase()}-${slip.id.slice(0, 8)}.pdf`, await slipPdf(organisation.name, slip, procedure, record?.receiptCode ?? null));
}

/** `GET /onestop/receipts/<id>.pdf` and `/onestop/slips/<id>.pdf`: for whoever may see the case (or slip); 404 otherwise, like one that does not exist. */
const printRoute: HttpRoute = async (request, response, url, { orm, viewerOf }) => {
  const match = /^\/onestop\/(receipts|slips)\/([\w-]+)\.pdf$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  const em = forkFor(orm, viewer);
  await (match[1] === 'receipts' ? sendReceipt(em, viewer, response, match[2]!) : sendSlip(em, viewer, response, match[2]!));
  return true;
};

/**
 * `GET /public/lookup` (and its script and style): the embeddable look-up page. It may be framed
 * only by the portal origins (PORTAL_ORIGINS) — CSP `frame-ancestors`; with none listed, by none.
 */
const lookupRoute: HttpRoute = async (request, response, url) => {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const assets: Record<string, [string, string]> = {
    '/public/lookup.js': ['text/javascript; charset=utf-8', LOOKUP_SCRIPT],
    '/public/lookup.css': ['text/css; charset=utf-8', LOOKUP_STYLE],
  };
  const asset = assets[url.pathname];
  if (asset) {
    response.writeHead(200, { 'content-type': asset[0], 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' }).end(asset[1]);
    return true;
  }
  if (url.pathname !== '/public/lookup') return false;
  const origins = portalOrigins();
  const ancestors = origins.length > 0 ? ["'self'", ...origins].join(' ') : "'none'";
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors ${ancestors}`,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(request.method === 'HEAD' ? undefined : lookupPage());
  return true;
};

export const oneStopRoutes: HttpRoute[] = [printRoute, lookupRoute];
