import type { NestExpressApplication } from '@nestjs/platform-express';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';

import type { DemoUsername } from '../../src/demo/demo-directory';
import { DemoWorld, query } from './demo-world';

/**
 * What the fuzzing category covers, route by route: every state-changing
 * route and every GET that reads query parameters has an entry here, is
 * fuzzed as an upload in fuzz.uploads, or is excluded with a reason. The
 * coverage test (fuzz.api) fails on any route the app answers that is in none.
 */

export type Role = DemoUsername | 'anonymous';

/** The real ids the entries' valid-looking inputs point at. */
export interface FuzzContext {
  readonly pupilId: string;
  readonly planId: string;
  readonly unitId: string;
  readonly requestId: string;
  readonly itemId: string;
  readonly itemRequestId: string;
  readonly appealId: string;
  readonly appealRequestId: string;
  readonly holdId: string;
  readonly accountId: string;
  readonly recordId: string;
  readonly recordNumber: string;
  readonly receiptCode: string;
  /** A register extract the shared guardian asked for (not started). */
  readonly extractId: string;
  /** Class 4A (the demo mentor's), and a free talk time in it. */
  readonly groupId: string;
  readonly slotId: string;
}

type Param = (context: FuzzContext) => string;

export interface FuzzEntry {
  /** `METHOD /path` as registeredRoutes gives it. */
  readonly route: string;
  /** json: an API body; form: a page form with its CSRF token; query: a GET's query string. */
  readonly kind: 'json' | 'form' | 'query';
  readonly as: Role;
  /** Valid values of the path parameters (fuzzed besides). */
  readonly params?: Readonly<Record<string, Param>>;
  /** Headers every input is sent with (the receipt code, which never goes in a URL). */
  readonly headers?: (context: FuzzContext) => Record<string, string>;
  /** Path parameters that choose a handler (`:action`): the known values, fuzzed besides. */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
  /** A valid-looking input, mutated field by field. */
  readonly sample: (context: FuzzContext) => Record<string, unknown>;
  /** Statuses a valid-looking input may get besides a 4xx (default: any 2xx, local redirects). */
  readonly accepted?: readonly number[];
  /** The route answers the page's script with an HTML fragment, its 4xx a Swedish fragment too. */
  readonly fragment?: boolean;
}

/** The receipt code travels in a header, never in the URL. */
const receiptHeader = (c: FuzzContext): Record<string, string> => ({
  'X-Receipt-Code': c.receiptCode,
});

const intake = {
  description: 'Min dotters utvecklingsplan från läsåret 2025/26.',
  pupilName: 'Alva Lindqvist',
  school: 'Björkängsskolan',
  period: '2025/26',
  delivery: 'electronic',
  contactName: 'Kim Berg',
  contactEmail: 'kim@example.org',
  contactPhone: '070-123 45 67',
  postalAddress: 'Storgatan 1, 443 30 Lerum',
};

const request: Readonly<Record<string, Param>> = { id: (c) => c.requestId };
const item: Readonly<Record<string, Param>> = {
  id: (c) => c.itemRequestId,
  itemId: (c) => c.itemId,
};
const appeal: Readonly<Record<string, Param>> = {
  id: (c) => c.appealRequestId,
  appealId: (c) => c.appealId,
};
const plan: Readonly<Record<string, Param>> = { planId: (c) => c.planId };

export const JSON_ENTRIES: readonly FuzzEntry[] = [
  {
    route: 'POST /api/v1/auth/login',
    kind: 'json',
    as: 'anonymous',
    // An account no suite agent uses: fuzzing may lock it.
    sample: () => ({ username: 'teamledare', password: 'fel lösenord' }),
  },
  {
    route: 'PUT /api/v1/accounts/:accountId/password',
    kind: 'json',
    as: 'admin',
    params: { accountId: (c) => c.accountId },
    sample: () => ({ password: 'ett nytt långt lösenord' }),
  },
  // The queue view's API (bull-board) takes no body; its path parameters are what is fuzzed.
  {
    route: 'PUT /admin/koer/api/queues/:queueName/:jobId/retry',
    kind: 'json',
    as: 'admin',
    params: { queueName: () => 'system', jobId: () => 'finns-inte' },
    sample: () => ({}),
  },
  {
    route: 'PUT /admin/koer/api/queues/:queueName/retry/:queueStatus',
    kind: 'json',
    as: 'admin',
    params: { queueName: () => 'system' },
    choices: { queueStatus: ['failed', 'completed'] },
    sample: () => ({}),
  },
  {
    route: 'POST /api/v1/content-guard/check',
    kind: 'json',
    as: 'mentor',
    sample: () => ({ text: 'Eleven läser flytande.' }),
  },
  {
    route: 'POST /api/v1/pupils/:pupilId/plans',
    kind: 'json',
    as: 'mentor',
    params: { pupilId: (c) => c.pupilId },
    sample: () => ({}),
  },
  {
    route: 'PUT /api/v1/plans/:planId/assessments/:subject',
    kind: 'json',
    as: 'mentor',
    params: { ...plan, subject: () => 'Svenska' },
    sample: () => ({ revision: 0, scaleValue: null, text: 'Läser flytande.' }),
  },
  {
    route: 'PUT /api/v1/plans/:planId/goals',
    kind: 'json',
    as: 'mentor',
    params: plan,
    sample: () => ({
      revision: 0,
      goals: [
        {
          subject: null,
          text: 'Läsa mer',
          actions: { school: 'Boklista', pupil: 'Läsa', guardian: 'Fråga' },
          followUp: 'Vid nästa samtal',
        },
      ],
      otherDevelopment: null,
    }),
  },
  {
    route: 'PUT /api/v1/plans/:planId/talk',
    kind: 'json',
    as: 'mentor',
    params: plan,
    sample: () => ({
      revision: 0,
      date: '2026-11-20',
      participants: ['Eleven', 'Mentor'],
      agreements: 'Vi läser varje dag.',
    }),
  },
  {
    route: 'PUT /api/v1/plans/:planId/self-assessment',
    kind: 'json',
    as: 'elev',
    params: plan,
    sample: () => ({ revision: 0, answers: [{ questionId: 'q1', answer: 'Bra' }], text: 'Kul.' }),
  },
  {
    route: 'POST /api/v1/plans/:planId/comments',
    kind: 'json',
    as: 'elev',
    params: plan,
    sample: () => ({ revision: 0, text: 'Jag håller med.' }),
  },
  {
    route: 'PUT /api/v1/plans/:planId/comments/:comment/answer',
    kind: 'json',
    as: 'mentor',
    params: { ...plan, comment: () => '0' },
    sample: () => ({ revision: 0, text: 'Tack, vi pratar om det på samtalet.' }),
  },
  {
    route: 'POST /api/v1/plans/:planId/establish',
    kind: 'json',
    as: 'mentor',
    params: plan,
    sample: () => ({ revision: 0, confidentialityMarking: null, confidentialityReviewOn: null }),
  },
  {
    route: 'POST /api/v1/plans/:planId/drafts',
    kind: 'json',
    as: 'mentor',
    params: plan,
    sample: () => ({}),
  },
  {
    route: 'POST /api/v1/records-requests',
    kind: 'json',
    as: 'anonymous',
    sample: () => ({ ...intake, invoiceConsent: false }),
  },
  {
    route: 'POST /api/v1/records-requests/status/download-link',
    kind: 'json',
    as: 'anonymous',
    headers: receiptHeader,
    sample: () => ({}),
  },
  {
    route: 'POST /api/v1/records-requests/status/clarification-answer',
    kind: 'json',
    as: 'anonymous',
    headers: receiptHeader,
    sample: () => ({ answer: 'Det gäller läsåret 2025/26.' }),
  },
  {
    route: 'POST /api/v1/records-requests/status/appeal',
    kind: 'json',
    as: 'anonymous',
    headers: receiptHeader,
    sample: () => ({ reasons: 'Jag vill ha ut planen utan maskeringar.' }),
  },
  {
    route: 'POST /api/v1/records-requests/status/withdraw',
    kind: 'json',
    as: 'anonymous',
    headers: receiptHeader,
    sample: () => ({}),
  },
  {
    route: 'POST /api/v1/records-requests/registered',
    kind: 'json',
    as: 'granskare',
    sample: () => ({ ...intake, channel: 'letter', receivedOn: '2026-11-27' }),
  },
  {
    route: 'POST /api/v1/records-requests/forwarded',
    kind: 'json',
    as: 'larare',
    sample: () => ({ ...intake, receivedOn: '2026-11-27' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/claim',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({}),
  },
  {
    route: 'POST /api/v1/records-requests/:id/assign',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: (c) => ({ accountId: c.accountId }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/notes',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({ text: 'Ringde skolan.' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/clarification',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({ question: 'Vilket läsår gäller det?' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/clarification/answered',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({ summary: 'Läsåret 2025/26.' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/items',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: (c) => ({ registrationNumber: c.recordNumber }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/items/:itemId/preview',
    kind: 'json',
    as: 'granskare',
    params: item,
    sample: () => ({
      redactions: [
        { fieldId: 'pupil.name', ground: 'OSL 21 kap. 3 §', span: { start: 0, end: 3 } },
      ],
    }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/items/:itemId/decision',
    kind: 'json',
    as: 'granskare',
    params: item,
    sample: () => ({
      decision: 'refuse',
      redactions: [],
      refusalGround: 'OSL 23 kap. 2 §',
      reasons: 'Uppgifterna rör elevhälsan.',
      version: 0,
    }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/items/:itemId/carry-over',
    kind: 'json',
    as: 'granskare',
    params: item,
    sample: () => ({
      fromItemId: '00000000-0000-4000-8000-000000000000',
      fieldIds: ['pupil.name'],
      version: 0,
    }),
  },
  {
    route: 'PUT /api/v1/records-requests/:id/items/:itemId/marking',
    kind: 'json',
    as: 'granskare',
    params: item,
    sample: () => ({ provision: 'OSL 23 kap. 2 §', reviewOn: '2099-06-30' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/decisions/release',
    kind: 'json',
    as: 'granskare',
    params: { id: (c) => c.itemRequestId },
    sample: (c) => ({ items: [{ id: c.itemId, version: 0 }] }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/deliver',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({ paymentReceived: true }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/close',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({
      closure: 'forwarded',
      forwardedTo: 'Skolinspektionen',
      reasons: 'Se brevet.',
    }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/extend',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({ decisionDue: '2026-12-15', notice: 'Begäran omfattar många planer.' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/viewing',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({ date: '2026-12-10', time: '10:00', place: 'Kommunhuset' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/appeals',
    kind: 'json',
    as: 'granskare',
    params: { id: (c) => c.appealRequestId },
    sample: () => ({ receivedOn: '2026-11-27', note: 'Kom med posten.' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/appeals/:appealId/forward',
    kind: 'json',
    as: 'granskare',
    params: appeal,
    sample: () => ({ forwardedOn: '2026-11-28', court: 'Kammarrätten i Göteborg' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/appeals/:appealId/reopen',
    kind: 'json',
    as: 'granskare',
    params: appeal,
    sample: () => ({}),
  },
  {
    route: 'POST /api/v1/records-requests/:id/appeals/:appealId/late-exception',
    kind: 'json',
    as: 'granskare',
    params: appeal,
    sample: () => ({ exception: 'reached_court_in_time' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/appeals/:appealId/outcome',
    kind: 'json',
    as: 'granskare',
    params: appeal,
    sample: () => ({ outcome: 'upheld', decidedOn: '2026-11-28', reference: 'Mål 123-26' }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/deliver-part',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({}),
  },
  {
    route: 'POST /api/v1/records-requests/as-guardian/:pupilId',
    kind: 'json',
    as: 'vardnadshavare',
    params: { pupilId: (c) => c.pupilId },
    sample: () => ({
      description: intake.description,
      period: intake.period,
      delivery: intake.delivery,
      contactEmail: intake.contactEmail,
      contactPhone: intake.contactPhone,
      postalAddress: intake.postalAddress,
    }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/items/:itemId/approve',
    kind: 'json',
    as: 'granskare',
    params: item,
    sample: () => ({ version: 0 }),
  },
  {
    route: 'POST /api/v1/records-requests/:id/approve-all',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({}),
  },
  {
    route: 'POST /api/v1/records-requests/:id/complete',
    kind: 'json',
    as: 'granskare',
    params: request,
    sample: () => ({}),
  },
  {
    route: 'POST /api/v1/records/:recordId/copy-preview',
    kind: 'json',
    as: 'granskare',
    params: { recordId: (c) => c.recordId },
    sample: () => ({ redactions: [{ fieldId: 'pupil.name', ground: 'OSL 21 kap. 3 §' }] }),
  },
  {
    route: 'POST /api/v1/retention/holds',
    kind: 'json',
    as: 'arkivarie',
    sample: (c) => ({ registrationNumber: c.recordNumber, reason: 'Tvist om betyg.' }),
  },
  {
    route: 'POST /api/v1/retention/holds/:id/lift',
    kind: 'json',
    as: 'arkivarie',
    params: { id: (c) => c.holdId },
    sample: () => ({ reason: 'Tvisten är avgjord.' }),
  },
];

const REQUEST_ACTIONS = [
  'ta',
  'tilldela',
  'anteckning',
  'fraga',
  'svar',
  'handling',
  'lamna-ut',
  'klar',
  'utlamna',
  'utlamna-del',
  'forlang',
  'avsluta',
  'visning',
  'overklagande',
  'godkann-alla',
];

const PLAN_SECTIONS = [
  'bedomning',
  'mal',
  'samtal',
  'sjalvskattning',
  'kommentar',
  'faststall',
  'nytt-utkast',
];

export const FORM_ENTRIES: readonly FuzzEntry[] = [
  {
    route: 'POST /logga-in',
    kind: 'form',
    as: 'anonymous',
    sample: () => ({ username: 'teamledare', password: 'fel lösenord', nasta: '/handlaggning' }),
  },
  {
    route: 'POST /begaran',
    kind: 'form',
    as: 'anonymous',
    sample: () => ({ ...intake, invoiceConsent: 'ja', webbplats: '' }),
  },
  {
    route: 'POST /begaran/status',
    kind: 'form',
    as: 'anonymous',
    sample: (c) => ({ kod: c.receiptCode }),
  },
  // The status page's forms act on the request the anonymous session opened with the code above.
  {
    route: 'POST /begaran/status/svar',
    kind: 'form',
    as: 'anonymous',
    sample: () => ({ svar: 'Det gäller läsåret 2025/26.' }),
  },
  {
    route: 'POST /begaran/status/overklaga',
    kind: 'form',
    as: 'anonymous',
    sample: () => ({ skal: 'Jag vill ha ut planen utan maskeringar.' }),
  },
  {
    route: 'POST /begaran/status/aterkalla',
    kind: 'form',
    as: 'anonymous',
    sample: () => ({ bekrafta: 'ja' }),
  },
  {
    route: 'POST /begaran/hamta',
    kind: 'form',
    as: 'anonymous',
    sample: () => ({}),
  },
  {
    route: 'POST /vidarebefordra-begaran',
    kind: 'form',
    as: 'larare',
    sample: () => ({ ...intake, receivedOn: '2026-11-27' }),
  },
  {
    route: 'POST /handlaggning/registrera',
    kind: 'form',
    as: 'granskare',
    sample: () => ({ ...intake, channel: 'phone', receivedOn: '2026-11-27' }),
  },
  {
    route: 'POST /handlaggning/begaran/:id/:action',
    kind: 'form',
    as: 'granskare',
    params: request,
    choices: { action: REQUEST_ACTIONS },
    sample: (c) => ({
      accountId: c.accountId,
      text: 'En anteckning.',
      question: 'Vilket läsår?',
      summary: 'Läsåret 2025/26.',
      registrationNumber: c.recordNumber,
      item: `${c.itemId}:0`,
      paymentReceived: 'ja',
      decisionDue: '2026-12-15',
      notice: 'Många planer.',
      date: '2026-12-10',
      time: '10:00',
      place: 'Kommunhuset',
      receivedOn: '2026-11-27',
      note: 'Kom med posten.',
      closure: 'forwarded',
      forwardedTo: 'Skolinspektionen',
      reasons: 'Handlingen finns där.',
      tillbaka: 'post',
    }),
  },
  {
    route: 'POST /handlaggning/begaran/:id/overklagande/:appealId/:action',
    kind: 'form',
    as: 'granskare',
    params: appeal,
    choices: { action: ['undantag', 'ta-upp', 'overlamna', 'utfall'] },
    sample: () => ({
      exception: 'notice_missing_or_wrong',
      forwardedOn: '2026-11-28',
      court: 'Kammarrätten i Göteborg',
      outcome: 'upheld',
      decidedOn: '2026-11-28',
      reference: 'Mål 123-26',
    }),
  },
  {
    route: 'POST /handlaggning/begaran/:id/handlingar/:itemId/forhandsgranska',
    kind: 'form',
    as: 'granskare',
    params: item,
    sample: () => ({
      'whole__pupil.name': '1',
      'ground__pupil.name': 'OSL 21 kap. 3 §',
      'passage__talk.agreements': 'läser',
      'suggestion__talk.agreements': '0-3',
      // A passage struck by selecting (start-end|ground|text), and the HTML preview beside it.
      'strike__talk.agreements': '0-3|OSL 21 kap. 3 §|Ele',
      visning: 'html',
    }),
    accepted: [200],
    fragment: true,
  },
  {
    route: 'POST /handlaggning/begaran/:id/handlingar/:itemId/beslut',
    kind: 'form',
    as: 'granskare',
    params: item,
    sample: () => ({
      decision: 'release_with_redactions',
      'whole__pupil.name': '1',
      'ground__pupil.name': 'OSL 21 kap. 3 §',
      'strike__talk.agreements': '0-3|OSL 21 kap. 3 §|Ele',
      refusalGround: 'OSL 23 kap. 2 §',
      reasons: 'Skäl.',
      version: '0',
    }),
  },
  {
    route: 'POST /handlaggning/begaran/:id/handlingar/:itemId/godkann',
    kind: 'form',
    as: 'granskare',
    params: item,
    sample: () => ({ version: '0' }),
  },
  {
    route: 'POST /handlaggning/begaran/:id/handlingar/:itemId/for-over',
    kind: 'form',
    as: 'granskare',
    params: item,
    sample: () => ({
      fromItemId: '00000000-0000-4000-8000-000000000000',
      fieldId: 'pupil.name',
      version: '0',
    }),
  },
  {
    route: 'POST /handlaggning/begaran/:id/handlingar/:itemId/sekretessmarkering',
    kind: 'form',
    as: 'granskare',
    params: item,
    sample: () => ({ provision: 'OSL 21 kap. 3 §', reviewOn: '2099-06-30' }),
  },
  {
    route: 'POST /mina-barn/:pupilId/begaran',
    kind: 'form',
    as: 'vardnadshavare',
    params: { pupilId: (c) => c.pupilId },
    sample: () => ({
      description: intake.description,
      period: intake.period,
      delivery: intake.delivery,
      contactEmail: intake.contactEmail,
    }),
  },
  {
    route: 'POST /elever/:pupilId/planer',
    kind: 'form',
    as: 'mentor',
    params: { pupilId: (c) => c.pupilId },
    sample: () => ({}),
  },
  {
    route: 'POST /planer/:planId/:section',
    kind: 'form',
    as: 'mentor',
    params: plan,
    choices: { section: PLAN_SECTIONS },
    sample: () => ({
      revision: '0',
      subject: 'Svenska',
      scaleValue: '',
      text: 'Läser flytande.',
      goal_0_text: 'Läsa mer',
      goal_0_subject: '',
      goal_0_school: 'Boklista',
      goal_0_pupil: 'Läsa',
      goal_0_guardian: 'Fråga',
      goal_0_followUp: 'Vid nästa samtal',
      otherDevelopment: 'Social utveckling.',
      date: '2026-11-20',
      participants: 'Eleven\nMentor',
      agreements: 'Vi läser varje dag.',
      answer_q1: 'Bra',
      confidentialityMarking: 'OSL 23 kap. 2 §',
      confidentialityReviewOn: '2099-06-30',
      acknowledgeWarnings: 'ja',
    }),
  },
  {
    // A class of the unit, or "alla"; anything else is a class that is not there (404).
    route: 'POST /skolenheter/:unitId/uppfoljning/paminn',
    kind: 'form',
    as: 'rektor',
    params: { unitId: (c) => c.unitId },
    sample: () => ({ klass: 'alla' }),
  },
  {
    route: 'POST /skolenheter/:unitId/iup-mall',
    kind: 'form',
    as: 'rektor',
    params: { unitId: (c) => c.unitId },
    sample: () => ({
      periodKind: 'school_year',
      subjects: 'Svenska\nMatematik\nEngelska',
      scale: 'Inte uppnått\nUppnått\nMer än uppnått',
      questions: 'Vad är du bra på?\nVad vill du bli bättre på?',
      includesOtherDevelopment: 'ja',
    }),
  },
  {
    route: 'POST /profil',
    kind: 'form',
    as: 'vardnadshavare',
    sample: () => ({
      streetAddress: 'Storgatan 1',
      postalCode: '443 30',
      city: 'Lerum',
      phone: '0302-12345',
      mobile: '070-1234567',
      email: 'kim@example.org',
    }),
  },
  {
    // The boxes ticked: one or more of the choices, as the form sends them.
    route: 'POST /profil/klasslista',
    kind: 'form',
    as: 'vardnadshavare',
    sample: () => ({ visa: ['phone', 'photo'] }),
  },
  {
    route: 'POST /gallring/sparr',
    kind: 'form',
    as: 'arkivarie',
    sample: (c) => ({ registrationNumber: c.recordNumber, reason: 'Tvist om betyg.' }),
  },
  {
    route: 'POST /gallring/sparr/:id/hav',
    kind: 'form',
    as: 'arkivarie',
    params: { id: (c) => c.holdId },
    sample: () => ({ reason: 'Tvisten är avgjord.' }),
  },
  {
    route: 'POST /admin/konton/:accountId/losenord',
    kind: 'form',
    as: 'admin',
    params: { accountId: (c) => c.accountId },
    sample: () => ({ password: 'ett nytt långt lösenord' }),
  },
  // Register extracts (GDPR art. 15).
  {
    route: 'POST /admin/registerutdrag',
    kind: 'form',
    as: 'admin',
    sample: (c) => ({ personId: c.pupilId }),
  },
  {
    route: 'POST /admin/registerutdrag/:extractId/ta-fram',
    kind: 'form',
    as: 'admin',
    params: { extractId: (c) => c.extractId },
    sample: () => ({}),
  },
  {
    route: 'POST /admin/registerutdrag/:extractId/skickat',
    kind: 'form',
    as: 'admin',
    params: { extractId: (c) => c.extractId },
    sample: () => ({}),
  },
  { route: 'POST /registerutdrag', kind: 'form', as: 'vardnadshavare', sample: () => ({}) },
  // Notifications (issue 24).
  {
    route: 'POST /installningar/aviseringar',
    kind: 'form',
    as: 'vardnadshavare',
    sample: () => ({
      'kind_plan-ready': 'ja',
      'kind_comment-answered': 'ja',
      email: 'kim@example.org',
    }),
  },
  // Development talks (issue 24).
  {
    route: 'POST /samtal/:groupId/tider',
    kind: 'form',
    as: 'mentor',
    params: { groupId: (c) => c.groupId },
    sample: () => ({
      day: '2030-01-15',
      firstStart: '09:00',
      lastStart: '10:00',
      minutes: '30',
      place: 'Klassrum 4A',
    }),
  },
  {
    route: 'POST /samtal/:groupId/tider/:slotId/ta-bort',
    kind: 'form',
    as: 'mentor',
    params: { groupId: (c) => c.groupId, slotId: (c) => c.slotId },
    sample: () => ({}),
  },
  {
    route: 'POST /mina-barn/samtal/:pupilId/boka',
    kind: 'form',
    as: 'vardnadshavare',
    params: { pupilId: (c) => c.pupilId },
    sample: (c) => ({ slotId: c.slotId }),
  },
  {
    route: 'POST /mina-barn/samtal/hushall',
    kind: 'form',
    as: 'vardnadshavare',
    sample: () => ({
      vardnadshavare: '00000000-0000-4000-8000-000000000000',
      tillsammans: 'ja',
    }),
  },
  {
    route: 'POST /mina-barn/samtal/:pupilId/avboka',
    kind: 'form',
    as: 'vardnadshavare',
    params: { pupilId: (c) => c.pupilId },
    sample: () => ({}),
  },
  {
    route: 'POST /registerutdrag/:extractId/lank',
    kind: 'form',
    as: 'vardnadshavare',
    params: { extractId: (c) => c.extractId },
    sample: () => ({}),
  },
];

/** GET routes that read query parameters (found from Nest's metadata, see routesReadingQuery). */
export const QUERY_ENTRIES: readonly FuzzEntry[] = [
  {
    route: 'GET /api/v1/accounts',
    kind: 'query',
    as: 'admin',
    sample: () => ({ search: 'lind' }),
  },
  {
    route: 'GET /api/v1/records-requests',
    kind: 'query',
    as: 'granskare',
    sample: () => ({ status: 'open', assignee: 'all', due: 'all', after: '' }),
  },
  {
    route: 'GET /api/v1/records-requests/reports',
    kind: 'query',
    as: 'granskare',
    sample: () => ({ from: '2026-01', to: '2026-11' }),
  },
  {
    route: 'GET /handlaggning',
    kind: 'query',
    as: 'granskare',
    sample: () => ({ status: 'open', assignee: 'all', due: 'all' }),
  },
  {
    route: 'GET /api/v1/records/search',
    kind: 'query',
    as: 'granskare',
    sample: (c) => ({ q: c.recordNumber, requestId: c.requestId }),
  },
  {
    route: 'GET /handlaggning/handlingar',
    kind: 'query',
    as: 'granskare',
    sample: (c) => ({ q: 'iup 2026 2 2025/26', begaran: c.requestId }),
  },
  {
    route: 'GET /handlaggning/rapporter',
    kind: 'query',
    as: 'granskare',
    sample: () => ({ fran: '2026-01', till: '2026-11' }),
  },
  {
    route: 'GET /begaran/status',
    kind: 'query',
    as: 'anonymous',
    sample: () => ({ svarat: '1' }),
  },
  { route: 'GET /admin/konton', kind: 'query', as: 'admin', sample: () => ({ sok: 'a' }) },
  {
    route: 'GET /admin/konton/:accountId',
    kind: 'query',
    as: 'admin',
    params: { accountId: (c) => c.accountId },
    sample: () => ({ sparat: '1' }),
  },
  {
    route: 'GET /planer/:planId',
    kind: 'query',
    as: 'mentor',
    params: plan,
    sample: () => ({ sparat: 'mal' }),
  },
  {
    // The confirmation page carries what the plan page's form sent on to its own POST.
    route: 'GET /planer/:planId/faststall',
    kind: 'query',
    as: 'mentor',
    params: plan,
    sample: () => ({
      revision: '0',
      confidentialityMarking: 'OSL 23 kap. 2 §',
      confidentialityReviewOn: '2030-01-01',
    }),
  },
  {
    // The letter before completing; every field the request page sent goes on to its own POST.
    route: 'GET /handlaggning/begaran/:id/klar',
    kind: 'query',
    as: 'granskare',
    params: request,
    sample: () => ({ consistencyReason: 'Samma uppgift prövades olika av skäl.' }),
  },
  {
    route: 'GET /skolenheter/:unitId/iup-mall',
    kind: 'query',
    as: 'rektor',
    params: { unitId: (c) => c.unitId },
    sample: () => ({ sparat: '1' }),
  },
  { route: 'GET /profil', kind: 'query', as: 'vardnadshavare', sample: () => ({ sparat: '1' }) },
  {
    route: 'GET /elever/:pupilId/vem-har-last-planen',
    kind: 'query',
    as: 'vardnadshavare',
    params: { pupilId: (c) => c.pupilId },
    sample: () => ({ sida: '2' }),
  },
  {
    route: 'GET /admin/registerutdrag',
    kind: 'query',
    as: 'admin',
    sample: () => ({ sok: 'lind' }),
  },
  {
    route: 'GET /admin/registerutdrag/:extractId',
    kind: 'query',
    as: 'admin',
    params: { extractId: (c) => c.extractId },
    sample: () => ({ skickat: 'epost' }),
  },
  {
    route: 'GET /registerutdrag',
    kind: 'query',
    as: 'vardnadshavare',
    sample: () => ({ begart: 'ny' }),
  },
  {
    route: 'GET /installningar/aviseringar',
    kind: 'query',
    as: 'vardnadshavare',
    sample: () => ({ sparat: 'ja' }),
  },
  {
    route: 'GET /logga-in',
    kind: 'query',
    as: 'anonymous',
    sample: () => ({ nasta: '/handlaggning', utloggad: '1' }),
  },
  {
    route: 'GET /logga-in/bankid',
    kind: 'query',
    as: 'anonymous',
    sample: () => ({ nasta: '/mina-barn' }),
  },
  {
    // Reads code, state and error from the request itself (@Req), not through @Query.
    route: 'GET /logga-in/bankid/callback',
    kind: 'query',
    as: 'anonymous',
    sample: () => ({ code: 'abc', state: 'def', iss: 'https://idp.example' }),
  },
];

/** Routes that take files; fuzz.uploads.rel-spec.ts sends them broken and disguised ones. */
export const UPLOAD_ROUTES: readonly string[] = [
  'POST /profil/bild',
  'POST /admin/import',
  'POST /api/v1/directory/imports',
];

/** Routes left out, each with the reason: nothing a client sends reaches them. */
export const EXCLUDED: Readonly<Record<string, string>> = {
  'POST /logga-ut': 'takes no body and no parameters; it ends the session',
  'POST /api/v1/auth/logout': 'takes no body and no parameters; it ends the session',
  'POST /profil/bild/ta-bort': "takes no body and no parameters; removes the guardian's own photo",
  'POST /begaran/status/stang':
    'takes no body and no parameters; closes the status page of the session',
  'POST /gallring/kor':
    'takes only the confirmation field (without it, the confirmation page); each confirmed call runs a disposal',
  'POST /api/v1/retention/run': 'takes no body and no parameters; each call runs a disposal',
};

/**
 * GET routes whose handlers take `@Query()`, read from Nest's route metadata:
 * a new handler with query parameters shows up here without anyone listing it.
 */
export function routesReadingQuery(app: NestExpressApplication): string[] {
  const found: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type?.prototype) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {}) as object;
        const readsQuery = Object.keys(args).some(
          (key) => key.split(':')[0] === String(RouteParamtypes.QUERY),
        );
        if (!readsQuery) continue;
        const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const joined = `/${[base, path].filter((part) => part && part !== '/').join('/')}`;
        found.push(`GET ${joined.replace(/\/+/g, '/').replace(/(.)\/$/, '$1')}`);
      }
    }
  }
  return found.sort();
}

/** The real ids behind the entries' valid-looking inputs, from the demo municipality. */
export async function fuzzContext(world: DemoWorld): Promise<FuzzContext> {
  const one = async (sql: string, params: unknown[] = []): Promise<Record<string, unknown>> => {
    const [row] = await query(world.testApp, sql, params);
    if (!row) throw new Error(`The demo world has nothing for: ${sql}`);
    return row;
  };
  const pupilId = await world.personId('demo:person:pupil-4-1');
  // A draft the mentor and the pupil may write: the demo's own, or a new one.
  let draft = await query(
    world.testApp,
    "select id from plan where pupil_id = $1 and state = 'draft' limit 1",
    [pupilId],
  );
  if (draft.length === 0) {
    const mentor = await world.signIn('mentor');
    await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201);
    draft = await query(
      world.testApp,
      "select id from plan where pupil_id = $1 and state = 'draft'",
      [pupilId],
    );
  }
  const unit = await one("select id from school_unit where name like 'Björkäng%'");
  const running = await one(
    "select id from records_request where status in ('received', 'in_review') order by registration_number limit 1",
  );
  const item = await one(
    "select request_id, id from records_request_item where kind = 'record' order by id limit 1",
  );
  // The demo has no appeal: one is registered against a decided request, as a reviewer would.
  const decided = await one(
    "select id from records_request where status in ('decided', 'delivered') order by registration_number limit 1",
  );
  const reviewer = await world.signIn('granskare');
  await reviewer
    .post(`/api/v1/records-requests/${String(decided.id)}/appeals`)
    .send({ receivedOn: new Date().toISOString().slice(0, 10), note: 'Överklagande.' })
    .expect(204);
  const appeal = await one('select request_id, id from records_request_appeal limit 1');
  const hold = await one('select id from retention_hold limit 1');
  const record = await one('select id, registration_number from public_record limit 1');
  // A register extract the shared guardian asked for, as from Mina barn.
  const guardianId = await world.personId('demo:person:guardian-shared');
  const extract = await one(
    `insert into register_extract (id, person_id, asked_by, requested_at, due_on, status)
     values (gen_random_uuid(), $1, 'person', now(), current_date + 30, 'requested') returning id`,
    [guardianId],
  );
  // A free development talk time in 4A, as its mentor publishes them.
  const group = await one("select id from student_group where name = '4A'");
  const slot = await one(
    `insert into talk_slot (id, group_id, starts_at, minutes, place, published_at)
     values (gen_random_uuid(), $1, now() + interval '30 days', 30, 'Klassrum 4A', now()) returning id`,
    [group.id],
  );
  // An imported person's account nobody signs in with: a password set by fuzzing harms no agent.
  const account = await one(
    'select a.id from account a where a.password_hash is null order by a.username limit 1',
  );
  return {
    pupilId,
    planId: String(draft[0]?.id),
    unitId: String(unit.id),
    requestId: String(running.id),
    itemId: String(item.id),
    itemRequestId: String(item.request_id),
    appealId: String(appeal.id),
    appealRequestId: String(appeal.request_id),
    holdId: String(hold.id),
    accountId: String(account.id),
    recordId: String(record.id),
    recordNumber: String(record.registration_number),
    receiptCode: 'DEMA-0000-0005',
    extractId: String(extract.id),
    groupId: String(group.id),
    slotId: String(slot.id),
  };
}

/**
 * Tables a route writes a row to: a refused request must leave their count
 * as it was (no half-written request, note, appeal or hold).
 */
export const WRITES_ROWS: Readonly<Record<string, string>> = {
  'POST /api/v1/records-requests': 'records_request',
  'POST /api/v1/records-requests/registered': 'records_request',
  'POST /api/v1/records-requests/forwarded': 'records_request',
  'POST /begaran': 'records_request',
  'POST /vidarebefordra-begaran': 'records_request',
  'POST /handlaggning/registrera': 'records_request',
  'POST /api/v1/records-requests/:id/notes': 'records_request_note',
  'POST /api/v1/records-requests/:id/appeals': 'records_request_appeal',
  'POST /api/v1/retention/holds': 'retention_hold',
  'POST /gallring/sparr': 'retention_hold',
  'POST /admin/registerutdrag': 'register_extract',
  'POST /registerutdrag': 'register_extract',
};
