import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { COST_LIMIT, operationCost } from '../../src/server/cost.ts';
import { buildSchema } from '../../src/server/schema.ts';

const schema = buildSchema();
const costOf = (text: string, variables?: Record<string, unknown>) => {
  const document = parse(text);
  return operationCost(schema, document, getOperationAST(document)!, variables);
};

describe('the cost of an operation', () => {
  it('multiplies what is under a connection by the page it asks, and takes a variable page at its worst until known', () => {
    const page = 'query ($n: Int) { documents(first: $n) { nodes { id register { id } } } }';
    expect(costOf(page, { n: 10 })).toBe(1 + 10 + 10);
    expect(costOf(page, { n: 100 })).toBe(1 + 100 + 100);
    expect(costOf(page)).toBe(costOf(page, { n: 100 }));
    expect(costOf('{ documents(first: 5) { totalCount } }')).toBe(1);
  });

  it('stops walking fragments spread into each other twice over, and calls that over the limit', () => {
    const depth = 40;
    let text = 'query { me { ...F0 } }\n';
    for (let i = 0; i < depth; i += 1) text += `fragment F${i} on Account { id ${i + 1 < depth ? `...F${i + 1} ...F${i + 1}` : ''} }\n`;
    // 2^40 walks without the guard: the test would never end.
    expect(costOf(text)).toBeGreaterThan(COST_LIMIT);
  });
});
