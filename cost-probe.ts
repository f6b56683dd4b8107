import { parse } from 'graphql';
import { buildSchema } from './src/server/schema.ts';
import { validateWithLimits } from './src/server/limits.ts';
const schema = buildSchema();
const F = 'id name code kind';
const level = (n: number): string => n === 0 ? F : `${F} parent { ${level(n - 1)} } children { ${level(n - 1)} }`;
for (const n of [3,4,5,6]) {
  const q = `{ organisation { units { ${level(n)} } } }`;
  console.log(n, q.length, validateWithLimits(schema, parse(q)).map(e => e.message));
}
