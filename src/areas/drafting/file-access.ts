import type { FileAccessRule } from '../../core/module.ts';
import { Consultation } from './drafting.ts';
import { consultationPolicy } from './drafting-policy.ts';

/** A draft version sent for comments is downloaded by whoever sees the consultation: those consulted must read what they comment on. */
export const consultationFileAccess: FileAccessRule = async (em, viewer, file) => {
  const held = await em.count(Consultation, { file: file.id });
  if (held === 0) return null;
  return (await em.count(Consultation, { $and: [{ file: file.id }, consultationPolicy.visible(viewer)] })) > 0;
};
