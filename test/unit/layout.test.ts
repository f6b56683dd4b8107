import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layout rules of issue 10, read off the source tree itself: what an area may use of another,
// and that the dependencies between areas point one way (so an area can be read, tested and
// changed knowing only the areas below it).
const areasDir = new URL('../../src/areas/', import.meta.url).pathname;
const areas = readdirSync(areasDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourcesOf(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every import of another area in `area`'s files: the file it names, and whether it is erased at run time. */
function crossAreaImports(area: string) {
  return sourcesOf(join(areasDir, area)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'((?:\.\.\/)+[^']+)'/gms)]
      .map((match) => ({ file: relative(areasDir, file), typeOnly: Boolean(match[1]), target: relative(areasDir, join(file, '..', match[2]!)) }))
      .filter((found) => !found.target.startsWith('..') && found.target.split('/')[0] !== area),
  );
}

describe('the areas', () => {
  it('use each other only through public.ts', () => {
    const internal = areas.flatMap(crossAreaImports).filter((found) => !/^[^/]+\/public\.ts$/.test(found.target));
    expect(internal).toEqual([]);
  });

  it('depend on each other one way: no area reaches back to itself at run time', () => {
    const uses = new Map(areas.map((area) => [area, new Set(crossAreaImports(area).filter((found) => !found.typeOnly).map((found) => found.target.split('/')[0]!))]));
    const cycles: string[] = [];
    const visit = (area: string, path: string[]) => {
      for (const next of uses.get(area) ?? []) {
        if (next === path[0]) cycles.push([...path, next].join(' → '));
        else if (!path.includes(next)) visit(next, [...path, next]);
      }
    };
    for (const area of areas) visit(area, [area]);
    expect(cycles).toEqual([]);
  });

  it('hold no import circle at run time, file by file, anywhere in src/', () => {
    const srcDir = new URL('../../src/', import.meta.url).pathname;
    const files = sourcesOf(srcDir).filter((file) => !file.includes('/generated/'));
    const uses = new Map(
      files.map((file) => [
        file,
        [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;']*?from\s+)?'(\.{1,2}\/[^']+\.ts)'/gms)]
          .filter((match) => !match[1])
          .map((match) => join(file, '..', match[2]!)),
      ]),
    );
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      state.set(file, 'open');
      for (const next of uses.get(file) ?? []) {
        if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(srcDir, f)).join(' → '));
        else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file, [file]);
    expect(circles).toEqual([]);
  });

  it('each plug into the server by one module.ts listed in src/modules.ts', () => {
    const modules = readFileSync(new URL('../../src/modules.ts', import.meta.url), 'utf8');
    const missing = areas.filter((area) => !modules.includes(`./areas/${area}/module.ts`));
    expect(missing).toEqual([]);
  });
});
