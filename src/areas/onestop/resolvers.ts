import type { OneStopCaseFilter, OneStopProcedureInput, Resolvers } from '../../generated/graphql.ts';
import { paginate } from '../../core/connection.ts';
import { forkForOrganisation, viewerOf, type Context } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { createOnce, mutate } from '../../core/mutate.ts';
import { GraphQLError } from 'graphql';
import { requireClientScope } from '../integrators/public.ts';
import { systemActor } from '../../core/actor.ts';
import { Rejection } from '../../core/user-error.ts';
import {
  apologise,
  approveCase,
  disagreeCase,
  issueGuidance,
  projectedFinish,
  proposeCase,
  receiveCase,
  receiveSupplement,
  refuseApplication,
  requestSupplement,
  returnInvalidCase,
  returnResult,
  submitCase,
} from './case-service.ts';
import { oneStopFigures } from './figures.ts';
import { casePolicy, maintainsCatalogue } from './onestop-policy.ts';
import { OneStopCase, OneStopProcedure, type OneStopCaseEntity, type OneStopStepEntity } from './onestop.ts';
import { countPublicRequest, lookUpCase } from './portal.ts';
import { importProcedures, saveProcedure, withdrawProcedure } from './procedure-service.ts';

/** One-stop cases and the catalogue; the handling rules are in case-service.ts, who may act in onestop-policy.ts. */
function caseWhere(context: Context, filter: OneStopCaseFilter | null | undefined) {
  const conditions: object[] = [casePolicy.visible(viewerOf(context))];
  if (filter?.status) conditions.push({ status: filter.status });
  if (filter?.stage) conditions.push({ stage: filter.stage });
  if (filter?.procedureId != null) conditions.push({ procedure: idOf(filter.procedureId, 'OneStopProcedure', ['filter', 'procedureId']) });
  return { $and: conditions };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const caseId = (id: string) => idOf(id, 'OneStopCase', ['input', 'id']);
const casePayload = (work: Promise<OneStopCaseEntity>) => work.then((record) => ({ case: record }));

function stepLate(step: OneStopStepEntity, now: Date): boolean {
  return (step.doneAt ?? now) > step.deadline && step.action !== 'SUPPLEMENT_REQUESTED' && step.action !== 'SUPPLEMENT_RECEIVED' && step.action !== 'APOLOGISED';
}

function papersOf(papers: readonly { name: string; copies?: number | null; fileId?: string | null }[]) {
  return papers.map((paper, index) => ({
    name: paper.name,
    copies: paper.copies ?? 1,
    fileId: paper.fileId ? idOf(paper.fileId, 'StoredFile', ['input', 'papers', String(index), 'fileId']) : null,
  }));
}

function applicantOf(applicant: { kind: 'PERSON' | 'BUSINESS'; name: string; idNumber: string; phone: string; email?: string | null; address: string }) {
  return { kind: applicant.kind, name: applicant.name, idNumber: applicant.idNumber, phone: applicant.phone, email: applicant.email ?? null, address: applicant.address };
}

function procedureInput(input: OneStopProcedureInput) {
  return {
    ...input,
    handlingUnitId: idOf(input.handlingUnitId, 'Unit', ['input', 'handlingUnitId']),
    resultIsDocument: input.resultIsDocument ?? false,
    papers: input.papers.map((paper) => ({ name: paper.name, required: paper.required, copies: paper.copies ?? 1 })),
  };
}

export const oneStopResolvers: Resolvers = {
  Query: {
    oneStopProcedure: async (_, { id }, context) => {
      const procedure = await context.loaders.oneStopProcedure.load(idOf(id, 'OneStopProcedure', ['id']));
      if (!procedure) throw notFound();
      return procedure;
    },
    oneStopProcedures: (_, { includeWithdrawn }, context) =>
      context.em.find(OneStopProcedure, { organisation: viewerOf(context).organisationId, ...(includeWithdrawn ? {} : { active: true }) }, { orderBy: { code: 'asc' } }),
    oneStopCase: async (_, { id }, context) => {
      const record = await context.loaders.oneStopCase.load(idOf(id, 'OneStopCase', ['id']));
      if (!record) throw notFound();
      return record;
    },
    oneStopCases: (_, args, context, info) => paginate(context.em, OneStopCase, caseWhere(context, args.filter) as never, { receivedAt: 'desc', id: 'desc' }, args, info),
    oneStopFigures: async (_, { fromMonth, toMonth }, context) => {
      if (!MONTH.test(fromMonth) || !MONTH.test(toMonth) || fromMonth > toMonth) throw new GraphQLError('Tháng dạng YYYY-MM, tháng đầu không sau tháng cuối.', { extensions: { code: 'BAD_USER_INPUT', argument: 'fromMonth' } });
      return oneStopFigures(context.em, viewerOf(context).organisationId, fromMonth, toMonth);
    },
    oneStopLookup: async (_, { receiptCode }, context) => {
      await countPublicRequest(context.orm, context.clientAddress);
      return lookUpCase(context.orm.em.fork(), receiptCode);
    },
    oneStopPublicProcedures: async (_, { organisationId }, context) => {
      await countPublicRequest(context.orm, context.clientAddress);
      const organisation = optionalIdOf(organisationId, 'Organisation', ['organisationId']);
      const em = context.orm.em.fork();
      const procedures = await em.find(OneStopProcedure, { active: true, ...(organisation ? { organisation } : {}) }, { filters: false, populate: ['organisation'], orderBy: { code: 'asc' }, limit: 1000 });
      return procedures.map((procedure) => ({ procedure, organisationName: procedure.organisation.getEntity().name }));
    },
  },
  Mutation: {
    saveOneStopProcedure: (_, { input }, context) => mutate(context, async (em, actor) => ({ procedure: await saveProcedure(em, actor, procedureInput(input)) })),
    withdrawOneStopProcedure: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ procedure: await withdrawProcedure(em, actor, idOf(input.id, 'OneStopProcedure', ['input', 'id'])) })),
    importOneStopProcedures: async (_, { input }, context) => {
      const outcome = await mutate(context, async (em, actor) => ({ procedures: await importProcedures(em, actor, input.csv) }));
      return { procedures: [], ...outcome };
    },
    receiveOneStopCase: (_, { input }, context) =>
      createOnce(context, 'receiveOneStopCase', input.idempotencyKey, 'case', context.loaders.oneStopCase, (em, actor) =>
        receiveCase(em, actor, {
          procedureId: idOf(input.procedureId, 'OneStopProcedure', ['input', 'procedureId']),
          applicant: applicantOf(input.applicant),
          papers: papersOf(input.papers),
          channel: 'DESK',
        }),
      ),
    issueOneStopGuidance: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        slip: await issueGuidance(em, actor, { procedureId: idOf(input.procedureId, 'OneStopProcedure', ['input', 'procedureId']), applicant: applicantOf(input.applicant), papers: papersOf(input.papers) }),
      })),
    refuseOneStopApplication: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        slip: await refuseApplication(em, actor, { procedureId: idOf(input.procedureId, 'OneStopProcedure', ['input', 'procedureId']), applicant: applicantOf(input.applicant), reason: input.reason }),
      })),
    proposeOneStopCase: (_, { input }, context) => mutate(context, (em, actor) => casePayload(proposeCase(em, actor, { id: caseId(input.id), note: input.note ?? null }))),
    returnInvalidOneStopCase: (_, { input }, context) => mutate(context, (em, actor) => casePayload(returnInvalidCase(em, actor, { id: caseId(input.id), reason: input.reason }))),
    requestOneStopSupplement: (_, { input }, context) =>
      mutate(context, (em, actor) => casePayload(requestSupplement(em, actor, { id: caseId(input.id), missingPapers: input.missingPapers, note: input.note ?? null }))),
    receiveOneStopSupplement: (_, { input }, context) => mutate(context, (em, actor) => casePayload(receiveSupplement(em, actor, { id: caseId(input.id), note: input.note ?? null }))),
    submitOneStopCase: (_, { input }, context) => mutate(context, (em, actor) => casePayload(submitCase(em, actor, { id: caseId(input.id), note: input.note }))),
    approveOneStopCase: (_, { input }, context) =>
      mutate(context, (em, actor) =>
        casePayload(approveCase(em, actor, { id: caseId(input.id), note: input.note ?? null, resultDocumentId: optionalIdOf(input.resultDocumentId, 'Document', ['input', 'resultDocumentId']) })),
      ),
    disagreeOneStopCase: (_, { input }, context) => mutate(context, (em, actor) => casePayload(disagreeCase(em, actor, { id: caseId(input.id), reason: input.reason }))),
    returnOneStopResult: (_, { input }, context) => mutate(context, (em, actor) => casePayload(returnResult(em, actor, { id: caseId(input.id), note: input.note ?? null }))),
    submitOneStopApplication: async (_, { input }, context) => {
      // The portal's key, never a person: a person's token is refused here even though @auth lets people through a scoped field.
      const client = requireClientScope(context, 'portal:submit');
      const actor = systemActor(client.organisationId);
      try {
        const record = await forkForOrganisation(context.orm, client.organisationId).transactional((em) =>
          receiveCase(em, actor, {
            procedureId: idOf(input.procedureId, 'OneStopProcedure', ['input', 'procedureId']),
            applicant: applicantOf(input.applicant),
            papers: input.papers.map((paper) => ({ name: paper.name, copies: paper.copies ?? 1, fileId: null })),
            channel: 'ONLINE',
          }),
        );
        return { case: await lookUpCase(context.orm.em.fork(), record.receiptCode), userErrors: [] };
      } catch (error) {
        if (error instanceof Rejection) return { case: null, userErrors: error.errors };
        throw error;
      }
    },
    apologiseOneStopCase: (_, { input }, context) => mutate(context, (em, actor) => apologise(em, actor, { id: caseId(input.id), newDate: input.newDate, reason: input.reason })),
  },
  OneStopProcedure: {
    id: (procedure) => toGlobalId('OneStopProcedure', procedure.id),
    handlingUnit: (procedure, _, context) => context.loaders.unit.load(procedure.handlingUnit.id),
    times: (procedure) => procedure,
    viewerCanEdit: (_, __, context) => maintainsCatalogue(viewerOf(context)),
  },
  OneStopCase: {
    id: (record) => toGlobalId('OneStopCase', record.id),
    procedure: (record, _, context) => context.loaders.oneStopProcedure.load(record.procedure.id),
    handlingUnit: (record, _, context) => context.loaders.unit.load(record.handlingUnit.id),
    applicant: (record) => record,
    finishedAt: (record) => record.finishedAt ?? null,
    refusalReason: (record) => record.refusalReason ?? null,
    resultDocument: (record, _, context) => (record.resultDocumentId ? context.loaders.document.load(record.resultDocumentId) : null),
    steps: (record, _, context) => context.loaders.oneStopSteps.load(record.id),
    slips: (record, _, context) => context.loaders.oneStopSlips.load(record.id),
    late: async (record, _, context) => {
      const now = new Date();
      return (await context.loaders.oneStopSteps.load(record.id)).some((step) => stepLate(step, now));
    },
    needsApology: async (record, _, context) => {
      if (record.finishedAt || record.status === 'AWAITING_SUPPLEMENT') return false;
      const open = (await context.loaders.oneStopSteps.load(record.id)).find((step) => step.doneAt === null);
      const procedure = await context.loaders.oneStopProcedure.load(record.procedure.id);
      if (!open || !procedure) return false;
      const calendar = await context.loaders.calendar.load(record.organisation.id);
      return projectedFinish(calendar, procedure, open, new Date()) > record.appointmentAt;
    },
    receiptUrl: (record) => `/onestop/receipts/${toGlobalId('OneStopCase', record.id)}.pdf`,
  },
  OneStopApplicant: {
    kind: (record) => record.applicantKind,
    name: (record) => record.applicantName,
    idNumber: (record) => record.applicantIdNumber,
    phone: (record) => record.applicantPhone,
    email: (record) => record.applicantEmail ?? null,
    address: (record) => record.applicantAddress,
  },
  OneStopPaperGiven: {
    file: (paper, _, context) => (paper.fileId ? context.loaders.storedFile.load(paper.fileId) : null),
  },
  OneStopStep: {
    actor: (step, _, context) => (step.actor ? context.loaders.account.load(step.actor.id) : null),
    doneAt: (step) => step.doneAt ?? null,
    action: (step) => step.action ?? null,
    note: (step) => step.note ?? null,
    late: (step) => stepLate(step, new Date()),
  },
  OneStopSlip: {
    id: (slip) => toGlobalId('OneStopSlip', slip.id),
    procedure: (slip, _, context) => context.loaders.oneStopProcedure.load(slip.procedure.id),
    reason: (slip) => slip.reason ?? null,
    newAppointmentAt: (slip) => slip.newAppointmentAt ?? null,
    pdfUrl: (slip) => `/onestop/slips/${toGlobalId('OneStopSlip', slip.id)}.pdf`,
  },
  OneStopFigure: {
    procedure: (row, _, context) => context.loaders.oneStopProcedure.load(row.procedureId),
    handlingUnit: (row, _, context) => context.loaders.unit.load(row.unitId),
  },
  OneStopPublicCase: {
    status: (row) => row.status as never,
    steps: (row) => row.steps as never,
  },
  OneStopPublicProcedure: {
    id: (row) => toGlobalId('OneStopProcedure', row.procedure.id),
    code: (row) => row.procedure.code,
    name: (row) => row.procedure.name,
    field: (row) => row.procedure.field,
    totalDays: (row) => row.procedure.totalDays,
    papers: (row) => row.procedure.papers,
    fee: (row) => row.procedure.fee,
  },
};
