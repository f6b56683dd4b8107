import type { HttpRoute } from '../../core/module.ts';
import { notFound } from '../../core/http-answers.ts';
import { SigningAuthority } from './signing-certificate.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `GET /signatures/crl/<authority>.crl`: the authority's current CRL (DER), for anyone, signed in
 * or not — relying parties outside Vanthu (other agencies, OpenSSL, Acrobat) fetch it from the URL
 * written in every certificate. A CRL is public by nature: it names only serials.
 */
export const crlRoute: HttpRoute = async (request, response, url, { orm }) => {
  const match = /^\/signatures\/crl\/([0-9a-f-]+)\.crl$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const id = match[1]!;
  const authority = UUID.test(id) ? await orm.em.fork().findOne(SigningAuthority, { id }, { filters: false }) : null;
  if (!authority || !authority.crl) {
    notFound(response);
    return true;
  }
  const body = Buffer.from(authority.crl, 'base64');
  response.writeHead(200, { 'content-type': 'application/pkix-crl', 'content-length': body.length, 'cache-control': 'public, max-age=300', 'last-modified': authority.crlUpdatedAt.toUTCString() });
  response.end(body);
  return true;
};
