import type { Connection } from '../../core/connection.ts';
import type { OneStopCaseEntity, OneStopProcedureEntity, OneStopStepEntity, PaperGiven } from './onestop.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type OneStopCaseConnectionModel = Connection<OneStopCaseEntity>;
export type OneStopPaperGivenModel = PaperGiven;
export type OneStopApplicantModel = OneStopCaseEntity;
export type OneStopTimesModel = OneStopProcedureEntity;

/** A row of the figures as the one statement returns it. */
export interface OneStopFigureModel {
  month: string;
  procedureId: string;
  unitId: string;
  received: number;
  onTime: number;
  early: number;
  late: number;
  inProgress: number;
  returnedForSupplement: number;
  refused: number;
}

/** A case as the public look-up reads it, in one statement. */
export interface OneStopPublicCaseModel {
  receiptCode: string;
  status: string;
  procedureName: string;
  organisationName: string;
  applicantName: string;
  receivedAt: Date;
  appointmentAt: Date;
  finishedAt: Date | null;
  steps: { stage: string; startedAt: Date; deadline: Date; doneAt: Date | null; action: string | null }[];
}

export interface OneStopPublicProcedureModel {
  procedure: OneStopProcedureEntity;
  organisationName: string;
}

export type OneStopStepModel = OneStopStepEntity;
