import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A point where other areas join a change of one area, run in the transaction of that change so
 * both commit or neither. The area that owns the change knows none of its listeners: each area
 * registers its own from its module, which keeps the dependency pointing one way (DESIGN: layout).
 */
export interface Hook<Change> {
  on(listener: (em: EntityManager, change: Change) => Promise<void>): void;
  run(em: EntityManager, change: Change): Promise<void>;
}

export function hook<Change>(): Hook<Change> {
  const listeners: ((em: EntityManager, change: Change) => Promise<void>)[] = [];
  return {
    on(listener) {
      if (!listeners.includes(listener)) listeners.push(listener);
    },
    async run(em, change) {
      for (const listener of listeners) await listener(em, change);
    },
  };
}
