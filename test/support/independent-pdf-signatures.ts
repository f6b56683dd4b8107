import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A second reading of a signed PDF, independent of Vanthu's verifier: the byte ranges found by
 * their own scan, the covered bytes hashed here, and the CMS handed to `openssl cms -verify`
 * (which checks the message digest against the covered bytes, the signature and the chain up to
 * the CA file given). Nothing here imports the signatures area.
 */
export interface IndependentReading {
  byteRange: [number, number, number, number];
  coveredSha256: string;
  /** openssl verified the CMS over the covered bytes against the CA. */
  opensslVerified: boolean;
  opensslOutput: string;
}

export function readSignaturesIndependently(pdf: Buffer, caPem: string, crlPem?: string): IndependentReading[] {
  const text = pdf.toString('latin1');
  const directory = mkdtempSync(join(tmpdir(), 'vanthu-sig-'));
  try {
    // openssl cms reads CRLs from the CA file (it has no -CRLfile).
    writeFileSync(join(directory, 'ca.pem'), crlPem ? `${caPem}\n${crlPem}` : caPem);
    return [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].map((match, index) => {
      const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
      const [a, b, c, d] = byteRange;
      const covered = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
      const hex = text.slice(b + 1, c - 1);
      const der = Buffer.from(hex, 'hex');
      writeFileSync(join(directory, `covered-${index}`), covered);
      writeFileSync(join(directory, `cms-${index}.der`), der);
      let opensslVerified = false;
      let opensslOutput = '';
      try {
        opensslOutput = execFileSync(
          'openssl',
          ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(directory, `cms-${index}.der`), '-content', join(directory, `covered-${index}`), '-CAfile', join(directory, 'ca.pem'), '-purpose', 'any', ...(crlPem ? ['-crl_check'] : []), '-out', '/dev/null'],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        ).toString();
        opensslVerified = true;
      } catch (error) {
        opensslOutput = String((error as { stderr?: Buffer }).stderr ?? error);
      }
      return { byteRange, coveredSha256: createHash('sha256').update(covered).digest('hex'), opensslVerified, opensslOutput };
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
