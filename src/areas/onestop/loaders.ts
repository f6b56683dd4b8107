import { childrenOf, visibleById, type LoadersOf } from '../../core/loaders.ts';
import { casePolicy, procedurePolicy, slipPolicy } from './onestop-policy.ts';
import { OneStopCase, OneStopProcedure, OneStopSlip, OneStopStep, type OneStopCaseEntity, type OneStopProcedureEntity, type OneStopSlipEntity, type OneStopStepEntity } from './onestop.ts';

export const oneStopLoaders = {
  oneStopProcedure: visibleById<OneStopProcedureEntity>(OneStopProcedure, procedurePolicy),
  oneStopCase: visibleById<OneStopCaseEntity>(OneStopCase, casePolicy),
  oneStopSlip: visibleById<OneStopSlipEntity>(OneStopSlip, slipPolicy),
  /** Of cases the caller has checked: */
  oneStopSteps: childrenOf<OneStopStepEntity>(OneStopStep, 'case', { ordinal: 'asc' }),
  oneStopSlips: childrenOf<OneStopSlipEntity>(OneStopSlip, 'case', { createdAt: 'asc', id: 'asc' }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof oneStopLoaders> {}
}
