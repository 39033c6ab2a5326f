import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import type { DemoUsername } from '../../src/directory/demo/demo-directory';
import { DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';

/**
 * Every role × every route × own/other pupil. Only the allowed cells
 * succeed; refused reads of pupil data are 404 and never carry the pupil's
 * name. Later issues add their routes to ROUTES.
 */

type Role = DemoUsername | 'anonymous';
const ROLES: Role[] = [
  'anonymous',
  'elev',
  'vardnadshavare',
  'mentor',
  'larare',
  'rektor',
  'granskare',
  'teamledare',
  'arkivarie',
  'admin',
];

/** For each role: a pupil whose card they may read (own) and one they may not (other). */
const PUPILS: Record<Role, { own: string | null; other: string }> = {
  anonymous: { own: null, other: 'demo:person:pupil-1-1' },
  elev: { own: 'demo:person:pupil-4-1', other: 'demo:person:pupil-4-2' },
  vardnadshavare: { own: 'demo:person:pupil-7-1', other: 'demo:person:pupil-5-2' },
  mentor: { own: 'demo:person:pupil-4-3', other: 'demo:person:pupil-7-3' },
  larare: { own: 'demo:person:pupil-5-1', other: 'demo:person:pupil-8-1' },
  rektor: { own: 'demo:person:pupil-2-1', other: 'demo:person:pupil-8-2' },
  granskare: { own: null, other: 'demo:person:pupil-3-1' },
  teamledare: { own: null, other: 'demo:person:pupil-3-3' },
  arkivarie: { own: null, other: 'demo:person:pupil-3-2' },
  admin: { own: 'demo:person:pupil-9-1', other: 'demo:person:pupil-1-2' },
};

/** Both reviewers at Sektor Lärande: the team lead has the same access as any reviewer. */
function isReviewer(role: Role): boolean {
  return role === 'granskare' || role === 'teamledare';
}

interface Cell {
  readonly status: number;
  readonly location?: RegExp;
}

const OK: Cell = { status: 200 };
const NOT_FOUND: Cell = { status: 404 };
const API_LOGIN: Cell = { status: 401 };
const PAGE_LOGIN: Cell = { status: 303, location: /^\/logga-in\?nasta=/ };

interface Route {
  readonly name: string;
  readonly send: (
    agent: TestAgent,
    context: {
      pupilId: string;
      importId: string;
      accountId: string;
      classIds: Record<string, string>;
      planId: string;
      planPupilId: string;
      recordId: string;
      world: DemoWorld;
    },
  ) => request.Test | Promise<request.Response>;
  /** Which pupil the route is about, if any. */
  readonly pupil?: 'own' | 'other';
  readonly expect: (role: Role) => Cell;
}

const isAdmin = (role: Role): boolean => role === 'admin';

/** Who may read the plan of pupil 4-1: the pupil, their guardian, mentor, maths teacher (partly), principal. */
const PLAN_READERS: Role[] = ['elev', 'vardnadshavare', 'mentor', 'larare', 'rektor'];

const ROUTES: Route[] = [
  {
    name: 'GET /api/v1/me',
    send: (agent) => agent.get('/api/v1/me'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : OK),
  },
  {
    name: 'GET /api/v1/pupils/{own}',
    pupil: 'own',
    send: (agent, { pupilId }) => agent.get(`/api/v1/pupils/${pupilId}`),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : OK),
  },
  {
    name: 'GET /api/v1/pupils/{other}',
    pupil: 'other',
    send: (agent, { pupilId }) => agent.get(`/api/v1/pupils/${pupilId}`),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isAdmin(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /elever/{own}',
    pupil: 'own',
    send: (agent, { pupilId }) => agent.get(`/elever/${pupilId}`).set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : OK),
  },
  {
    name: 'GET /elever/{other}',
    pupil: 'other',
    send: (agent, { pupilId }) => agent.get(`/elever/${pupilId}`).set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : isAdmin(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /api/v1/pupils/{not a pupil}',
    send: (agent) => agent.get('/api/v1/pupils/00000000-0000-4000-8000-000000000000'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : NOT_FOUND),
  },
  {
    name: 'POST /api/v1/directory/imports',
    send: (agent) =>
      agent
        .post('/api/v1/directory/imports?fileName=matris.csv')
        .set('Content-Type', 'text/csv')
        .send('roll;personnummer;fornamn;efternamn\n'),
    expect: (role) =>
      role === 'anonymous' ? API_LOGIN : isAdmin(role) ? { status: 202 } : NOT_FOUND,
  },
  {
    name: 'GET /api/v1/directory/imports/{id}',
    send: (agent, { importId }) => agent.get(`/api/v1/directory/imports/${importId}`),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isAdmin(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /admin/import',
    send: (agent) => agent.get('/admin/import').set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : isAdmin(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /admin/import/{id}',
    send: (agent, { importId }) =>
      agent.get(`/admin/import/${importId}`).set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : isAdmin(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /api/v1/accounts?search=',
    send: (agent) => agent.get('/api/v1/accounts?search=lindqvist'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isAdmin(role) ? OK : NOT_FOUND),
  },
  {
    name: 'PUT /api/v1/accounts/{id}/password',
    send: (agent, { accountId }) =>
      agent
        .put(`/api/v1/accounts/${accountId}/password`)
        .send({ password: 'ett nytt långt lösenord' }),
    expect: (role) =>
      role === 'anonymous' ? API_LOGIN : isAdmin(role) ? { status: 204 } : NOT_FOUND,
  },
  {
    name: 'GET /admin/konton',
    send: (agent) => agent.get('/admin/konton?sok=a').set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : isAdmin(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /mina-barn',
    send: (agent) => agent.get('/mina-barn').set('Accept', 'text/html'),
    expect: (role) =>
      role === 'anonymous' ? PAGE_LOGIN : role === 'vardnadshavare' ? OK : NOT_FOUND,
  },
  {
    name: 'GET /profil',
    send: (agent) => agent.get('/profil').set('Accept', 'text/html'),
    expect: (role) =>
      role === 'anonymous' ? PAGE_LOGIN : role === 'vardnadshavare' ? OK : NOT_FOUND,
  },
  {
    name: 'GET /klasslista/{4A}',
    send: (agent, { classIds }) =>
      agent.get(`/klasslista/${classIds['4A']}`).set('Accept', 'text/html'),
    expect: (role) =>
      role === 'anonymous'
        ? PAGE_LOGIN
        : ['vardnadshavare', 'mentor', 'larare', 'rektor'].includes(role)
          ? OK
          : NOT_FOUND,
  },
  {
    name: 'GET /klasslista/{8A}',
    send: (agent, { classIds }) =>
      agent.get(`/klasslista/${classIds['8A']}`).set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : NOT_FOUND),
  },
  {
    name: 'GET /information',
    send: (agent) => agent.get('/information').set('Accept', 'text/html'),
    expect: () => OK,
  },
  {
    name: 'GET /api/v1/pupils/{4A pupil}/plans',
    send: (agent, { planPupilId }) => agent.get(`/api/v1/pupils/${planPupilId}/plans`),
    expect: (role) =>
      role === 'anonymous' ? API_LOGIN : PLAN_READERS.includes(role) ? OK : NOT_FOUND,
  },
  {
    name: 'GET /api/v1/plans/{4A pupil’s plan}',
    send: (agent, { planId }) => agent.get(`/api/v1/plans/${planId}`),
    expect: (role) =>
      role === 'anonymous' ? API_LOGIN : PLAN_READERS.includes(role) ? OK : NOT_FOUND,
  },
  {
    name: 'PUT /api/v1/plans/{id}/goals',
    send: async (agent, { planId, world }) => {
      const [row] = await query(world.testApp, 'select revision from plan where id = $1', [planId]);
      return agent
        .put(`/api/v1/plans/${planId}/goals`)
        .send({ revision: row?.revision, goals: [], otherDevelopment: null });
    },
    expect: (role) =>
      role === 'anonymous'
        ? API_LOGIN
        : role === 'mentor'
          ? OK
          : PLAN_READERS.includes(role)
            ? { status: 403 }
            : NOT_FOUND,
  },
  {
    name: 'POST /api/v1/plans/{id}/comments',
    send: async (agent, { planId, world }) => {
      const [row] = await query(world.testApp, 'select revision from plan where id = $1', [planId]);
      return agent
        .post(`/api/v1/plans/${planId}/comments`)
        .send({ revision: row?.revision, text: 'En kommentar.' });
    },
    expect: (role) =>
      role === 'anonymous'
        ? API_LOGIN
        : role === 'vardnadshavare'
          ? { status: 201 }
          : PLAN_READERS.includes(role)
            ? { status: 403 }
            : NOT_FOUND,
  },
  {
    name: 'PUT /api/v1/plans/{id}/self-assessment',
    send: async (agent, { planId, world }) => {
      const [row] = await query(world.testApp, 'select revision from plan where id = $1', [planId]);
      return agent
        .put(`/api/v1/plans/${planId}/self-assessment`)
        .send({ revision: row?.revision, answers: [], text: 'Jag läser mer nu.' });
    },
    expect: (role) =>
      role === 'anonymous'
        ? API_LOGIN
        : role === 'elev'
          ? OK
          : PLAN_READERS.includes(role)
            ? { status: 403 }
            : NOT_FOUND,
  },
  {
    name: 'PUT /api/v1/plans/{id}/assessments/Matematik',
    send: async (agent, { planId, world }) => {
      const [row] = await query(world.testApp, 'select revision from plan where id = $1', [planId]);
      return agent
        .put(`/api/v1/plans/${planId}/assessments/Matematik`)
        .send({ revision: row?.revision, scaleValue: 'godtagbara', text: 'Räknar säkert.' });
    },
    expect: (role) =>
      role === 'anonymous'
        ? API_LOGIN
        : role === 'larare'
          ? OK
          : PLAN_READERS.includes(role)
            ? { status: 403 }
            : NOT_FOUND,
  },
  {
    name: 'POST /api/v1/plans/{id}/establish (talk not held)',
    send: async (agent, { planId, world }) => {
      const [row] = await query(world.testApp, 'select revision from plan where id = $1', [planId]);
      return agent.post(`/api/v1/plans/${planId}/establish`).send({ revision: row?.revision });
    },
    expect: (role) =>
      role === 'anonymous' ? API_LOGIN : role === 'mentor' ? { status: 409 } : NOT_FOUND,
  },
  {
    name: 'GET /planer/{id}/pdf',
    send: (agent, { planId }) => agent.get(`/planer/${planId}/pdf`).set('Accept', 'text/html'),
    expect: (role) =>
      role === 'anonymous'
        ? PAGE_LOGIN
        : PLAN_READERS.includes(role) && role !== 'larare'
          ? OK
          : NOT_FOUND,
  },
  {
    name: 'GET /planer/{id}',
    send: (agent, { planId }) => agent.get(`/planer/${planId}`).set('Accept', 'text/html'),
    expect: (role) =>
      role === 'anonymous' ? PAGE_LOGIN : PLAN_READERS.includes(role) ? OK : NOT_FOUND,
  },
  {
    name: 'GET /skolenheter/{Björkängsskolan}/iup-mall',
    send: async (agent, { world }) => {
      const [unit] = await query(
        world.testApp,
        "select id from school_unit where name = 'Björkängsskolan'",
      );
      return agent.get(`/skolenheter/${String(unit?.id)}/iup-mall`).set('Accept', 'text/html');
    },
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : role === 'rektor' ? OK : NOT_FOUND),
  },
  {
    name: 'POST /api/v1/content-guard/check',
    send: (agent) => agent.post('/api/v1/content-guard/check').send({ text: 'Eleven läser bra.' }),
    expect: (role) =>
      role === 'anonymous'
        ? API_LOGIN
        : ['mentor', 'larare', 'rektor', 'granskare', 'teamledare'].includes(role)
          ? OK
          : NOT_FOUND,
  },
  {
    name: 'GET /api/v1/records/{id}/review',
    send: (agent, { recordId }) => agent.get(`/api/v1/records/${recordId}/review`),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'POST /api/v1/records/{id}/copy-preview',
    send: (agent, { recordId }) =>
      agent.post(`/api/v1/records/${recordId}/copy-preview`).send({ redactions: [] }),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /begaran',
    send: (agent) => agent.get('/begaran').set('Accept', 'text/html'),
    expect: () => OK,
  },
  {
    name: 'GET /api/v1/records-requests (the queue)',
    send: (agent) => agent.get('/api/v1/records-requests'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /handlaggning',
    send: (agent) => agent.get('/handlaggning').set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /handlaggning/registrera',
    send: (agent) => agent.get('/handlaggning/registrera').set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /handlaggning/post',
    send: (agent) => agent.get('/handlaggning/post').set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /handlaggning/rapporter',
    send: (agent) => agent.get('/handlaggning/rapporter').set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /api/v1/records-requests/post-list',
    send: (agent) => agent.get('/api/v1/records-requests/post-list'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /api/v1/records-requests/reports',
    send: (agent) => agent.get('/api/v1/records-requests/reports'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /api/v1/records-requests/notifications',
    send: (agent) => agent.get('/api/v1/records-requests/notifications'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isReviewer(role) ? OK : NOT_FOUND),
  },
  {
    name: 'GET /gallring',
    send: (agent) => agent.get('/gallring').set('Accept', 'text/html'),
    expect: (role) => (role === 'anonymous' ? PAGE_LOGIN : role === 'arkivarie' ? OK : NOT_FOUND),
  },
  {
    name: 'GET /api/v1/retention',
    send: (agent) => agent.get('/api/v1/retention'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : role === 'arkivarie' ? OK : NOT_FOUND),
  },
  {
    name: 'GET /vidarebefordra-begaran',
    send: (agent) => agent.get('/vidarebefordra-begaran').set('Accept', 'text/html'),
    expect: (role) =>
      role === 'anonymous'
        ? PAGE_LOGIN
        : ['mentor', 'larare', 'rektor'].includes(role)
          ? OK
          : NOT_FOUND,
  },
  {
    name: 'POST /api/v1/records-requests/forwarded',
    send: (agent) =>
      agent
        .post('/api/v1/records-requests/forwarded')
        .send({ description: 'Vidarebefordrad.', delivery: 'on_site', receivedOn: '2026-11-27' }),
    expect: (role) =>
      role === 'anonymous'
        ? API_LOGIN
        : ['mentor', 'larare', 'rektor'].includes(role)
          ? { status: 201 }
          : NOT_FOUND,
  },
  {
    name: 'GET /api/v1/audit/verify',
    send: (agent) => agent.get('/api/v1/audit/verify'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : isAdmin(role) ? OK : NOT_FOUND),
  },
];

describe('access matrix: role × route × own/other pupil', () => {
  let world: DemoWorld;
  const agents = new Map<Role, TestAgent>();
  let importId: string;
  let accountId: string;
  const classIds: Record<string, string> = {};
  let planId: string;
  let planPupilId: string;
  let recordId: string;
  const names = new Map<string, string>();

  beforeAll(async () => {
    world = await startDemoWorld();
    for (const role of ROLES) {
      agents.set(
        role,
        role === 'anonymous'
          ? request.agent(world.testApp.app.getHttpServer())
          : await world.signIn(role),
      );
    }
    const submitted = await agents
      .get('admin')!
      .post('/api/v1/directory/imports')
      .set('Content-Type', 'text/csv')
      .send('roll;personnummer;fornamn;efternamn\n')
      .expect(202);
    importId = submitted.body.id;
    const [account] = await query(
      world.testApp,
      "select a.id from account a join person p on p.id = a.person_id where p.external_id = 'demo:person:reviewer-2'",
    );
    accountId = String(account?.id);
    planPupilId = await world.personId('demo:person:pupil-4-1');
    planId = String(
      (
        (await agents.get('mentor')!.post(`/api/v1/pupils/${planPupilId}/plans`).expect(201))
          .body as { id: string }
      ).id,
    );
    ({ recordId } = await establishPlan(world, {
      pupil: 'demo:person:pupil-4-2',
      otherDevelopment: 'Hjälper gärna klasskamrater.',
      agreements: 'Vi ses igen i mars.',
    }));
    for (const row of await query(world.testApp, 'select id, name from student_group')) {
      classIds[String(row.name)] = String(row.id);
    }
    for (const row of await query(
      world.testApp,
      'select external_id, given_name, family_name from person',
    )) {
      names.set(String(row.external_id), `${String(row.given_name)} ${String(row.family_name)}`);
    }
  });

  afterAll(() => world.close());

  for (const route of ROUTES) {
    for (const role of ROLES) {
      const pupilKey = route.pupil ? PUPILS[role][route.pupil] : null;
      if (route.pupil && !pupilKey) {
        continue; // this role has no pupil of its own
      }
      const expected = route.expect(role);
      it(`${role} → ${route.name} → ${expected.status}`, async () => {
        const pupilId = pupilKey ? await world.personId(pupilKey) : '';
        const response = await route.send(agents.get(role)!, {
          pupilId,
          importId,
          accountId,
          classIds,
          planId,
          planPupilId,
          recordId,
          world,
        });

        expect(response.status).toBe(expected.status);
        if (expected.location) {
          expect(response.headers.location).toMatch(expected.location);
        }
        if (pupilKey && expected.status !== 200) {
          const name = names.get(pupilKey)!;
          expect(response.text).not.toContain(name.split(' ')[1]);
        }
      });
    }
  }

  it('audits every successful read of a pupil’s card', async () => {
    const reads = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'pupil.profile.read'",
    );
    // own card for 6 roles with one, and the other card for the administrator, on both API and page.
    expect(reads[0]?.count).toBe((6 + 1) * 2);
  });
});
