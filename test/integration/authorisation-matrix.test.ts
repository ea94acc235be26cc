import { test } from 'uvu';
import { addBody, addPerson, addSeat, checkInAtDesk } from '../helpers/checkin.js';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { ROLES, type Role } from '../../shared/roles.js';
import { CLIENT_EVENTS } from '../../shared/events.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket } from '../helpers/realtime.js';
import { startTestServer } from '../helpers/server.js';
import { checkinCode } from '../../server/services/checkin-code.js';
import { CreateMeetingBody } from '../../shared/schemas/meeting.js';
import * as Y from 'yjs';
import { rawClient } from '../helpers/minutes.js';
import { from, socketClient, yjsHandshake } from '../helpers/origins.js';
import { CreateMotionBody } from '../../shared/schemas/vote.js';
import { makeResolution } from '../helpers/resolutions.js';
import { uploadSheet } from '../helpers/register.js';

/**
 * Every route, socket event and Yjs document × every demo role and anonymous: allowed or denied.
 * A route or event added without a row here fails the coverage tests at the bottom.
 */
const srv = await startTestServer({ config: { loginRateLimit: 10_000 } });
test.after(() => srv.close());

type Who = Role | 'anonymous';
const WHO: Who[] = ['anonymous', ...ROLES];
const USERNAME: Record<Role, string> = {
  admin: 'admin',
  reviewer: 'demo-reviewer',
  convener: 'demo-convener',
  secretary: 'demo-secretary',
  representative: 'demo-representative',
  department: 'demo-department',
};
const ALL_STAFF: Who[] = [...ROLES];
const ADMIN: Who[] = ['admin'];
const EVERYONE: Who[] = WHO;

const REVIEWERS: Who[] = ['admin', 'reviewer'];
const ORGANISERS: Who[] = ['admin', 'convener'];
const RECEIVERS: Who[] = ['admin', 'representative'];
const FOLLOWERS: Who[] = ['admin', 'reviewer', 'convener', 'secretary', 'representative'];
const OWNERS: Who[] = ['admin', 'reviewer', 'convener'];
const UNIT: Who[] = ['admin', 'department'];
const studioBody = async () => ({
  organisationId: await orgId('桃园村（演示）'),
  name: `工作室${unique()}`,
  location: '党群服务中心',
  schedule: { dayOfMonth: 15, start: '09:00', end: '11:30' },
  roster: [await userId('demo-representative')],
});
let studio: { id: number; code: string } | null = null;
const freshStudio = async () => {
  if (studio) return studio;
  const admin = await userId('admin');
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: admin } });
  const principal = {
    userId: admin,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
  studio = await srv.app.services.reception.create(principal, (await studioBody()) as never);
  return studio;
};
const freshVisit = async () => {
  const rep = await userId('demo-representative');
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: rep } });
  const principal = {
    userId: rep,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
  const visit = await srv.app.services.reception.recordVisit(principal, (await freshStudio()).id, {
    ticketNumber: null,
    visitorName: '',
    visitorPhone: '',
    matter: '水渠堵了',
    category: '公共设施',
    answer: '',
    followUp: true,
  });
  return visit.id;
};
const DRIVERS: Who[] = ['admin', 'convener', 'secretary'];
const REGISTER_EDITORS: Who[] = ['admin', 'reviewer'];
const MATRIX_SHEET = Buffer.from('户号,姓名,性别\n901,矩阵甲,女\n');
/** A resident of the demo village's register. */
const personId = async () =>
  (await srv.db.models.Person.findOne({
    where: { organisationId: await orgId('桃园村（演示）'), status: 'resident' },
  }))!.id;
/** A custom body of the demo village with no seats, one per call. */
const freshBody = async () =>
  (
    await srv.db.models.DeliberatingBody.create({
      organisationId: await orgId('桃园村（演示）'),
      kind: 'custom',
      name: `矩阵${unique()}`,
      archivedAt: null,
    })
  ).id;
const STATS_VIEWERS: Who[] = ['admin', 'reviewer', 'convener', 'secretary', 'representative'];
const meetingBody = async () => ({
  organisationId: await orgId('桃园村（演示）'),
  kind: 'consultation',
  title: `议事会${unique()}`,
  venue: '村委会会议室',
  startsAt: '2026-12-01T09:00:00+08:00',
  endsAt: '2026-12-01T11:00:00+08:00',
  body: 'representatives_meeting',
  secretaryIds: [await userId('demo-secretary')],
});
/** A fresh major matter at the demo village, opened by the demo reviewer (四议两公开). */
const freshProcedure = async () => {
  const reviewer = await userId('demo-reviewer');
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: reviewer } });
  return srv.app.services.procedures.open(
    {
      userId: reviewer,
      memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
    },
    {
      organisationId: await orgId('桃园村（演示）'),
      kind: 'land',
      title: `土地流转${unique()}`,
      text: '方案',
      topicId: null,
    },
  );
};
/** A resident's objection to a matter on display, by its receipt (made once, directly). */
let objectionReceipt: string | null = null;
const freshObjectionReceipt = async () => {
  if (objectionReceipt) return objectionReceipt;
  const procedureId = await freshProcedure();
  const now = new Date();
  const pub = await srv.db.models.ProcedurePublication.create({
    procedureId,
    kind: 'resolution',
    text: '决议内容',
    days: 7,
    startsAt: now,
    endsAt: new Date(now.getTime() + 7 * 86_400_000),
    withdrawnAt: null,
    withdrawReason: null,
    publishedBy: null,
  });
  const o = await srv.db.models.ProcedureObjection.create({
    procedureId,
    publicationId: pub.id,
    receipt: 'MATRX234',
    idempotencyKey: null,
    text: '有异议的内容',
    name: '某村民',
    phone: '13800002222',
    answer: null,
    answeredBy: null,
    answeredAt: null,
  });
  objectionReceipt = o.receipt;
  return objectionReceipt;
};
/** A meeting of the demo convener with one item and one invitee, opened (or left as a draft). */
const freshMeeting = async (status: 'draft' | 'live' = 'live') => {
  const convener = await userId('demo-convener');
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: convener } });
  const principal = {
    userId: convener,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
  const m = srv.app.services.meetings;
  const created = await m.create(principal, CreateMeetingBody.parse(await meetingBody()));
  await m.addItem(principal, created.id, { title: '村道硬化', notes: '' });
  await m.addInvitee(principal, created.id, {
    name: '王代表',
    affiliation: '',
    category: 'representative',
    member: true,
  });
  if (status === 'live') {
    await m.transition(principal, created.id, 'scheduled');
    await m.transition(principal, created.id, 'live');
  }
  return m.get(principal, created.id);
};
const codeOf = async (meetingId: number) => {
  const meeting = await srv.db.models.Meeting.findByPk(meetingId);
  return checkinCode(meeting!.checkinSecret, new Date()).code;
};
/**
 * One live meeting for the voting rows, its one invitee checked in; each row gets a fresh motion
 * in it (state-changing rows need one per role), which is far cheaper than a meeting per call.
 */
let votingHall: Promise<{ meeting: Awaited<ReturnType<typeof freshMeeting>>; token: string }> | null = null;
const convenerPrincipal = async () => {
  const convener = await userId('demo-convener');
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: convener } });
  return {
    userId: convener,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
};
const freshMotion = async (status: 'draft' | 'open' = 'open', kind = 'open') => {
  votingHall ??= (async () => {
    const meeting = await freshMeeting();
    return { meeting, token: await checkInAtDesk(srv, meeting.id, meeting.invitees[0]!.id) };
  })();
  const { meeting, token } = await votingHall;
  const principal = await convenerPrincipal();
  const motion = await srv.app.services.motions.create(
    principal,
    CreateMotionBody.parse({
      meetingId: meeting.id,
      agendaItemId: meeting.agenda[0]!.id,
      question: '是否同意？',
      kind,
    }),
  );
  if (status === 'open') await srv.app.services.motions.open(principal, motion.id);
  return { meeting, motion, token };
};
/** A villager on the demo village's register, for co-signs recorded at the desk. */
const deskPerson = async () => {
  const organisationId = await orgId('桃园村（演示）');
  const key = `matrix-${unique()}`;
  const person = await srv.db.models.Person.create({
    organisationId,
    householdId: null,
    gridId: null,
    externalKey: key,
    name: '王矩阵',
    gender: 'male',
    birthYear: 1970,
    adult: null,
    idSuffix: null,
    phone: null,
    relation: null,
    status: 'resident',
    statusSince: '2020-01-01',
  });
  return person.id;
};
/** A live meeting of a body with two seats (passes), proxies allowed (issue 13). */
const freshBodyMeeting = async () => {
  const org = await orgId('桃园村（演示）');
  const bodyId = await addBody(srv, org, 'representatives_meeting', { maxProxies: 1 });
  const a = await addSeat(srv, bodyId, await addPerson(srv, org, '矩阵甲'));
  await addSeat(srv, bodyId, await addPerson(srv, org, '矩阵乙'));
  const principal = await convenerPrincipal();
  const m = srv.app.services.meetings;
  const created = await m.create(principal, CreateMeetingBody.parse({ ...(await meetingBody()), bodyId }));
  await m.addItem(principal, created.id, { title: '村道硬化', notes: '' });
  await m.transition(principal, created.id, 'scheduled');
  await m.transition(principal, created.id, 'live');
  return { meeting: await m.get(principal, created.id), bodyId, seatId: a.seatId, pass: a.pass };
};
/** A phone's claim waiting for the desk; returns its request's id and the phone's secret. */
const freshClaim = async () => {
  const meeting = await freshMeeting();
  const asked = await srv.app.services.checkin.checkin(
    meeting.id,
    { code: await codeOf(meeting.id), inviteeId: meeting.invitees[0]!.id },
    null,
  );
  const token = asked.status === 'pending' ? asked.requestToken : '';
  const request = await srv.db.models.CheckinRequest.findOne({ where: { meetingId: meeting.id, state: 'pending' } });
  return { meetingId: meeting.id, requestId: request!.id, token };
};
const freshTopic = async () => {
  const { receipt } = await srv.app.services.intake.submit(
    srv.intakeCodes[0]!,
    {
      title: `矩阵议题${unique()}`,
      details: '',
      category: '其他',
      location: '',
      gridId: null,
      name: '',
      phone: '',
      anonymous: false,
      website: '',
    },
    [],
    null,
  );
  return srv.app.services.intake.findByReceipt(receipt);
};
const codeId = async () => (await srv.db.models.IntakeCode.findOne({ where: { code: srv.intakeCodes[0]! } }))!.id;
const orgId = async (name: string) => (await srv.db.models.Organisation.findOne({ where: { name } }))!.id;
const userId = async (username: string) => (await srv.db.models.User.findOne({ where: { username } }))!.id;
let n = 0;
const unique = () => `${Date.now().toString(36)}${n++}`;

interface Row {
  route: string;
  allowed: Who[];
  send(c: Client): Promise<{ status: number }>;
}

const rows: Row[] = [
  { route: 'GET /healthz', allowed: EVERYONE, send: (c) => c.get('/healthz') },
  { route: 'GET /readyz', allowed: EVERYONE, send: (c) => c.get('/readyz') },
  { route: 'GET /api/openapi.json', allowed: EVERYONE, send: (c) => c.get('/api/openapi.json') },
  {
    route: 'POST /api/session',
    allowed: EVERYONE,
    send: (c) => c.post('/api/session', { username: 'demo-reviewer', password: srv.password('demo-reviewer') }),
  },
  { route: 'GET /api/session', allowed: ALL_STAFF, send: (c) => c.get('/api/session') },
  { route: 'DELETE /api/session', allowed: ALL_STAFF, send: (c) => c.del('/api/session') },
  { route: 'PATCH /api/me', allowed: ALL_STAFF, send: (c) => c.patch('/api/me', { locale: 'zh-CN' }) },
  // A wrong current password answers 401 for everyone; the matrix only needs the route to reach the check.
  {
    route: 'POST /api/me/password',
    allowed: [],
    send: (c) => c.post('/api/me/password', { currentPassword: 'wrong-password', newPassword: 'long-enough-password' }),
  },
  { route: 'GET /api/organisations', allowed: ALL_STAFF, send: (c) => c.get('/api/organisations') },
  {
    route: 'POST /api/organisations',
    allowed: ADMIN,
    send: async (c) =>
      c.post('/api/organisations', {
        name: `网格${unique()}`,
        kind: 'grid',
        parentId: await orgId('桃园村（演示）'),
        settings: {},
      }),
  },
  {
    route: 'PATCH /api/organisations/:id',
    allowed: ADMIN,
    send: async (c) => c.patch(`/api/organisations/${await orgId('第二网格')}`, { settings: { households: 29 } }),
  },
  { route: 'GET /api/users', allowed: ADMIN, send: (c) => c.get('/api/users') },
  {
    route: 'POST /api/users',
    allowed: ADMIN,
    send: async (c) =>
      c.post('/api/users', {
        username: `u${unique()}`,
        displayName: '测试',
        organisationId: await orgId('第一网格'),
        role: 'representative',
      }),
  },
  {
    route: 'PATCH /api/users/:id',
    allowed: ADMIN,
    send: async (c) => c.patch(`/api/users/${await userId('demo-representative')}`, { displayName: '赵代表（演示）' }),
  },
  {
    route: 'POST /api/users/:id/password',
    allowed: ADMIN,
    send: async (c) => c.post(`/api/users/${await userId('matrix-target')}/password`),
  },
  {
    route: 'POST /api/users/:id/memberships',
    allowed: ADMIN,
    send: async (c) =>
      c.post(`/api/users/${await userId('matrix-target')}/memberships`, {
        organisationId: await orgId(`网格-grant`),
        role: 'reviewer',
      }),
  },
  {
    route: 'DELETE /api/users/:id/memberships/:membershipId',
    allowed: ADMIN,
    send: async (c) => {
      const target = await userId('matrix-target');
      const m = await srv.db.models.Membership.findOne({ where: { userId: target, role: 'reviewer' } });
      return c.del(`/api/users/${target}/memberships/${m?.id ?? 999999}`);
    },
  },
  { route: 'GET /api/audit', allowed: ADMIN, send: (c) => c.get('/api/audit') },
  // Residents' intake: public, no account.
  { route: 'GET /api/intake/:code', allowed: EVERYONE, send: (c) => c.get(`/api/intake/${srv.intakeCodes[0]}`) },
  {
    route: 'POST /api/intake/:code/topics',
    allowed: EVERYONE,
    send: (c) => c.post(`/api/intake/${srv.intakeCodes[0]}/topics`, { title: `矩阵测试${unique()}`, category: '其他' }),
  },
  {
    route: 'GET /api/intake/:code/similar',
    allowed: EVERYONE,
    send: (c) => c.get(`/api/intake/${srv.intakeCodes[0]}/similar?q=${encodeURIComponent('路灯坏了')}`),
  },
  {
    route: 'GET /api/intake/:code/topics',
    allowed: EVERYONE,
    send: (c) => c.get(`/api/intake/${srv.intakeCodes[0]}/topics`),
  },
  {
    route: 'GET /api/track/:receipt',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/track/${(await freshTopic()).receipt}`),
  },
  {
    route: 'GET /api/track/:receipt/photos/:position',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/track/${(await freshTopic()).receipt}/photos/0`),
  },
  {
    route: 'POST /api/topics/:id/cosign',
    allowed: EVERYONE,
    send: async (c) => c.post(`/api/topics/${(await freshTopic()).id}/cosign`, { deviceId: `device-${unique()}` }),
  },
  // Co-signs matched to the register: residents ask for and return codes; only the village's
  // reviewers and admins record a co-sign given in person.
  {
    route: 'POST /api/topics/:id/cosign/code',
    allowed: EVERYONE,
    send: async (c) =>
      c.post(`/api/topics/${(await freshTopic()).id}/cosign/code`, {
        phone: `139${10_000_000 + Math.floor(Math.random() * 89_999_999)}`,
        deviceId: `device-${unique()}`,
      }),
  },
  {
    route: 'POST /api/topics/:id/cosign/verify',
    allowed: EVERYONE,
    send: async (c) =>
      c.post(`/api/topics/${(await freshTopic()).id}/cosign/verify`, {
        phone: '13900000000',
        code: '000000',
        deviceId: `device-${unique()}`,
      }),
  },
  {
    route: 'GET /api/topics/:id/cosign/summary',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/topics/${(await freshTopic()).id}/cosign/summary`),
  },
  {
    route: 'GET /api/topics/:id/cosign/candidates',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/topics/${(await freshTopic()).id}/cosign/candidates?q=${encodeURIComponent('王')}`),
  },
  {
    route: 'POST /api/topics/:id/cosign/desk',
    allowed: REVIEWERS,
    send: async (c) => c.post(`/api/topics/${(await freshTopic()).id}/cosign/desk`, { personId: await deskPerson() }),
  },
  // Intake codes: admins and reviewers of the organisation.
  {
    route: 'GET /api/organisations/:id/intake-codes',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/intake-codes`),
  },
  {
    route: 'POST /api/organisations/:id/intake-codes',
    allowed: REVIEWERS,
    send: async (c) => c.post(`/api/organisations/${await orgId('桃园村（演示）')}/intake-codes`, { label: '矩阵' }),
  },
  {
    route: 'PATCH /api/intake-codes/:id',
    allowed: REVIEWERS,
    send: async (c) => c.patch(`/api/intake-codes/${await codeId()}`, { label: '村委会公开栏' }),
  },
  {
    route: 'GET /api/intake-codes/:id/qr.svg',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/intake-codes/${await codeId()}/qr.svg`),
  },
  {
    route: 'GET /api/intake-codes/:id/qr.png',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/intake-codes/${await codeId()}/qr.png`),
  },
  {
    route: 'GET /api/intake-codes/:id/poster.pdf',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/intake-codes/${await codeId()}/poster.pdf`),
  },
  // The review queue.
  { route: 'GET /api/topics', allowed: REVIEWERS, send: (c) => c.get('/api/topics') },
  { route: 'GET /api/topics/open-count', allowed: REVIEWERS, send: (c) => c.get('/api/topics/open-count') },
  {
    route: 'GET /api/topics/:id',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/topics/${(await freshTopic()).id}`),
  },
  {
    route: 'GET /api/topics/:id/owners',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/topics/${(await freshTopic()).id}/owners`),
  },
  {
    route: 'GET /api/topics/:id/photos/:photoId',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/topics/${(await freshTopic()).id}/photos/1`),
  },
  {
    route: 'POST /api/topics/:id/review',
    allowed: REVIEWERS,
    send: async (c) => c.post(`/api/topics/${(await freshTopic()).id}/review`, {}),
  },
  {
    route: 'POST /api/topics/:id/accept',
    allowed: REVIEWERS,
    send: async (c) =>
      c.post(`/api/topics/${(await freshTopic()).id}/accept`, { ownerId: await userId('demo-representative') }),
  },
  {
    route: 'POST /api/topics/:id/merge',
    allowed: REVIEWERS,
    send: async (c) => c.post(`/api/topics/${(await freshTopic()).id}/merge`, { intoTopicId: (await freshTopic()).id }),
  },
  {
    route: 'POST /api/topics/:id/decline',
    allowed: REVIEWERS,
    send: async (c) => c.post(`/api/topics/${(await freshTopic()).id}/decline`, { reply: '已答复，谢谢您的建议。' }),
  },
  {
    route: 'POST /api/topics/:id/refer',
    allowed: REVIEWERS,
    send: async (c) =>
      c.post(`/api/topics/${(await freshTopic()).id}/refer`, {
        organisationId: await orgId('青山镇（演示）'),
        note: '请处理',
      }),
  },
  // Meetings: organisers prepare; the meeting's convener and secretaries (and admins) drive.
  { route: 'POST /api/meetings', allowed: ORGANISERS, send: async (c) => c.post('/api/meetings', await meetingBody()) },
  {
    route: 'GET /api/meetings/:id',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/meetings/${(await freshMeeting()).id}`),
  },
  {
    route: 'GET /api/meetings/:id/live',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/meetings/${(await freshMeeting()).id}/live`),
  },
  {
    route: 'PATCH /api/meetings/:id',
    allowed: ORGANISERS,
    send: async (c) => c.patch(`/api/meetings/${(await freshMeeting()).id}`, { venue: '村委会二楼会议室' }),
  },
  {
    route: 'POST /api/meetings/:id/transition',
    allowed: ORGANISERS,
    send: async (c) => c.post(`/api/meetings/${(await freshMeeting('draft')).id}/transition`, { to: 'scheduled' }),
  },
  {
    route: 'POST /api/meetings/:id/agenda',
    allowed: ORGANISERS,
    send: async (c) => c.post(`/api/meetings/${(await freshMeeting()).id}/agenda`, { title: '其他事项' }),
  },
  {
    route: 'POST /api/meetings/:id/agenda/order',
    allowed: ORGANISERS,
    send: async (c) => {
      const m = await freshMeeting();
      return c.post(`/api/meetings/${m.id}/agenda/order`, { itemIds: m.agenda.map((i) => i.id).reverse() });
    },
  },
  {
    route: 'DELETE /api/meetings/:id/agenda/:itemId',
    allowed: ORGANISERS,
    send: async (c) => {
      const m = await freshMeeting();
      return c.del(`/api/meetings/${m.id}/agenda/${m.agenda[0]!.id}`);
    },
  },
  {
    route: 'POST /api/meetings/:id/invitees',
    allowed: ORGANISERS,
    send: async (c) =>
      c.post(`/api/meetings/${(await freshMeeting()).id}/invitees`, {
        name: '李乡贤',
        category: 'notable',
        member: false,
      }),
  },
  {
    route: 'POST /api/meetings/:id/attendance',
    allowed: DRIVERS,
    send: async (c) => {
      const m = await freshMeeting();
      return c.post(`/api/meetings/${m.id}/attendance`, { inviteeId: m.invitees[0]!.id, present: true });
    },
  },
  {
    route: 'POST /api/meetings/:id/screen-link',
    allowed: DRIVERS,
    send: async (c) => c.post(`/api/meetings/${(await freshMeeting()).id}/screen-link`),
  },
  {
    route: 'GET /api/meetings/:id/checkin',
    allowed: EVERYONE,
    send: async (c) => {
      const m = await freshMeeting();
      return c.get(`/api/meetings/${m.id}/checkin?code=${await codeOf(m.id)}`);
    },
  },
  {
    route: 'POST /api/meetings/:id/checkin',
    allowed: EVERYONE,
    send: async (c) => {
      const m = await freshMeeting();
      return c.post(`/api/meetings/${m.id}/checkin`, { code: await codeOf(m.id), inviteeId: m.invitees[0]!.id });
    },
  },
  // Check-in that proves identity (issue 13): the phone's poll and passes are public; the desk is the hall's drivers'.
  {
    route: 'POST /api/meetings/:id/checkin/status',
    allowed: EVERYONE,
    send: async (c) => {
      const claim = await freshClaim();
      return c.post(`/api/meetings/${claim.meetingId}/checkin/status`, { requestToken: claim.token });
    },
  },
  {
    route: 'GET /api/meetings/:id/checkin-requests',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/meetings/${(await freshClaim()).meetingId}/checkin-requests`),
  },
  {
    route: 'POST /api/meetings/:id/checkin-requests/:requestId/decision',
    allowed: DRIVERS,
    send: async (c) => {
      const claim = await freshClaim();
      return c.post(`/api/meetings/${claim.meetingId}/checkin-requests/${claim.requestId}/decision`, {
        confirm: true,
      });
    },
  },
  {
    route: 'POST /api/meetings/:id/desk/pass',
    allowed: DRIVERS,
    send: async (c) => {
      const b = await freshBodyMeeting();
      return c.post(`/api/meetings/${b.meeting.id}/desk/pass`, { pass: b.pass });
    },
  },
  {
    route: 'POST /api/meetings/:id/proxies',
    allowed: DRIVERS,
    send: async (c) => {
      const b = await freshBodyMeeting();
      const [holder, represented] = b.meeting.invitees;
      await srv.app.services.checkin.scanPass(await convenerPrincipal(), b.meeting.id, b.pass);
      const holderId = b.meeting.invitees.find((i) => i.name === '矩阵甲')?.id ?? holder!.id;
      const other = b.meeting.invitees.find((i) => i.id !== holderId) ?? represented!;
      return c.post(`/api/meetings/${b.meeting.id}/proxies`, {
        holderInviteeId: holderId,
        representedInviteeId: other.id,
      });
    },
  },
  {
    route: 'POST /api/bodies/:id/pass-sheet',
    allowed: ORGANISERS,
    send: async (c) => c.post(`/api/bodies/${(await freshBodyMeeting()).bodyId}/pass-sheet`),
  },
  {
    route: 'POST /api/bodies/:id/members/:memberId/pass-link',
    allowed: ORGANISERS,
    send: async (c) => {
      const b = await freshBodyMeeting();
      return c.post(`/api/bodies/${b.bodyId}/members/${b.seatId}/pass-link`);
    },
  },
  {
    route: 'GET /api/passes/:token',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/passes/${(await freshBodyMeeting()).pass}`),
  },
  // The pass is the authority (remote members, issue 13): whoever holds it, logged in or not.
  {
    route: 'POST /api/passes/:token/remote',
    allowed: EVERYONE,
    send: async (c) => {
      const b = await freshBodyMeeting();
      return c.post(`/api/passes/${b.pass}/remote`, { meetingId: b.meeting.id });
    },
  },
  // Meetings, preparing and running the hall (meetings-ui).
  { route: 'GET /api/meetings', allowed: ALL_STAFF, send: (c) => c.get('/api/meetings?status=live') },
  {
    route: 'GET /api/organisations/:id/meeting-staff',
    allowed: ORGANISERS,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/meeting-staff`),
  },
  {
    route: 'GET /api/meetings/:id/candidates',
    allowed: ORGANISERS,
    send: async (c) => c.get(`/api/meetings/${(await freshMeeting('draft')).id}/candidates`),
  },
  {
    route: 'DELETE /api/meetings/:id/invitees/:inviteeId',
    allowed: ORGANISERS,
    send: async (c) => {
      const m = await freshMeeting();
      return c.del(`/api/meetings/${m.id}/invitees/${m.invitees[0]!.id}`);
    },
  },
  {
    route: 'POST /api/meetings/:id/invitees/:inviteeId/invite-link',
    allowed: DRIVERS,
    send: async (c) => {
      const m = await freshMeeting();
      return c.post(`/api/meetings/${m.id}/invitees/${m.invitees[0]!.id}/invite-link`);
    },
  },
  {
    route: 'DELETE /api/meetings/:id/invitees/:inviteeId/invite-link',
    allowed: DRIVERS,
    send: async (c) => {
      const m = await freshMeeting();
      return c.del(`/api/meetings/${m.id}/invitees/${m.invitees[0]!.id}/invite-link`);
    },
  },
  {
    route: 'DELETE /api/meetings/:id/screen-link',
    allowed: DRIVERS,
    send: async (c) => c.del(`/api/meetings/${(await freshMeeting()).id}/screen-link`),
  },
  // Without a token only staff see a photo; the projector and participants pass their token (meetings.test.ts).
  {
    route: 'GET /api/meetings/:id/agenda/:itemId/photos/:position',
    allowed: ALL_STAFF,
    send: async (c) => {
      const m = await freshMeeting();
      return c.get(`/api/meetings/${m.id}/agenda/${m.agenda[0]!.id}/photos/0`);
    },
  },
  // Reception days: admins set studios up; representatives receive; the queue is public.
  { route: 'POST /api/studios', allowed: ADMIN, send: async (c) => c.post('/api/studios', await studioBody()) },
  {
    route: 'GET /api/organisations/:id/studios',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/studios`),
  },
  {
    route: 'PATCH /api/studios/:id',
    allowed: ADMIN,
    send: async (c) => c.patch(`/api/studios/${(await freshStudio()).id}`, { location: '党群服务中心' }),
  },
  {
    route: 'POST /api/studios/:id/queue/next',
    allowed: RECEIVERS,
    send: async (c) => c.post(`/api/studios/${(await freshStudio()).id}/queue/next`),
  },
  {
    route: 'GET /api/studios/:id/visits',
    allowed: [...RECEIVERS, 'reviewer'],
    send: async (c) => c.get(`/api/studios/${(await freshStudio()).id}/visits`),
  },
  {
    route: 'POST /api/studios/:id/visits',
    allowed: RECEIVERS,
    send: async (c) =>
      c.post(`/api/studios/${(await freshStudio()).id}/visits`, { matter: '路灯不亮', category: '公共设施' }),
  },
  {
    route: 'POST /api/visits/:id/topic',
    allowed: RECEIVERS,
    send: async (c) => c.post(`/api/visits/${await freshVisit()}/topic`),
  },
  {
    route: 'GET /api/studio/:code',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/studio/${(await freshStudio()).code}`),
  },
  {
    route: 'GET /api/studio/:code/queue',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/studio/${(await freshStudio()).code}/queue`),
  },
  // Outside reception hours this answers 409 for everyone: the route is public, the clock decides.
  {
    route: 'POST /api/studio/:code/tickets',
    allowed: EVERYONE,
    send: async (c) => c.post(`/api/studio/${(await freshStudio()).code}/tickets`, { deviceId: `device-${unique()}` }),
  },
  // Issue 3/4 user interface: the review dialogs' choices and the representative's desk.
  {
    route: 'GET /api/topics/:id/merge-candidates',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/topics/${(await freshTopic()).id}/merge-candidates`),
  },
  {
    route: 'GET /api/topics/:id/referral-targets',
    allowed: REVIEWERS,
    send: async (c) => c.get(`/api/topics/${(await freshTopic()).id}/referral-targets`),
  },
  {
    route: 'GET /api/studios/:id',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/studios/${(await freshStudio()).id}`),
  },
  {
    route: 'GET /api/organisations/:id/representatives',
    allowed: ADMIN,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/representatives`),
  },
  {
    route: 'POST /api/studios/:id/tickets',
    allowed: RECEIVERS,
    send: async (c) => c.post(`/api/studios/${(await freshStudio()).id}/tickets`),
  },
  {
    route: 'POST /api/visits/:id/referral',
    allowed: RECEIVERS,
    send: async (c) =>
      c.post(`/api/visits/${await freshVisit()}/referral`, {
        organisationId: await orgId('青山镇（演示）'),
        note: '请镇里处理',
      }),
  },
  {
    route: 'GET /api/studios/:id/referral-targets',
    allowed: RECEIVERS,
    send: async (c) => c.get(`/api/studios/${(await freshStudio()).id}/referral-targets`),
  },
  {
    route: 'GET /api/studio/:code/qr.svg',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/studio/${(await freshStudio()).code}/qr.svg`),
  },
  // Minutes: staff who may see the meeting read them; organisers publish; the board is public.
  {
    route: 'GET /api/meetings/:id/minutes',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/meetings/${await openMeeting()}/minutes`),
  },
  {
    route: 'GET /api/meetings/:id/minutes.docx',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/meetings/${await closedMeeting()}/minutes.docx`),
  },
  {
    route: 'GET /api/meetings/:id/minutes.pdf',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/meetings/${await closedMeeting()}/minutes.pdf`),
  },
  {
    route: 'POST /api/meetings/:id/minutes/publish',
    allowed: ORGANISERS,
    send: async (c) => c.post(`/api/meetings/${await closedMeeting()}/minutes/publish`),
  },
  {
    route: 'GET /api/board/:organisationId/minutes',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/board/${await orgId('桃园村（演示）')}/minutes`),
  },
  {
    route: 'GET /api/board/minutes/:meetingId',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/board/minutes/${await publishedMeeting()}`),
  },
  {
    route: 'GET /api/board/minutes/:meetingId/minutes.docx',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/board/minutes/${await publishedMeeting()}/minutes.docx`),
  },
  {
    route: 'GET /api/board/minutes/:meetingId/minutes.pdf',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/board/minutes/${await publishedMeeting()}/minutes.pdf`),
  },
  // Voting: read by any staff of the meeting's organisation; driven over Socket.IO (rows below).
  {
    route: 'GET /api/meetings/:id/motions',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/meetings/${(await freshMotion()).meeting.id}/motions`),
  },
  {
    route: 'GET /api/motions/:id',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/motions/${(await freshMotion()).motion.id}`),
  },
  {
    route: 'GET /api/meetings/:id/decisions',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/meetings/${(await freshMotion('draft')).meeting.id}/decisions`),
  },
  // Resolutions: the village's owners dispatch and close; the unit (demo department at 青山镇) works them.
  { route: 'GET /api/resolutions', allowed: FOLLOWERS, send: (c) => c.get('/api/resolutions') },
  {
    route: 'GET /api/resolutions/:id',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/resolutions/${await makeResolution(srv, 'dispatched')}`),
  },
  {
    route: 'GET /api/resolutions/:id/targets',
    allowed: OWNERS,
    send: async (c) => c.get(`/api/resolutions/${await makeResolution(srv, 'draft')}/targets`),
  },
  {
    route: 'POST /api/resolutions/:id/dispatch',
    allowed: OWNERS,
    send: async (c) =>
      c.post(`/api/resolutions/${await makeResolution(srv, 'draft')}/dispatch`, {
        responsibleOrganisationId: await orgId('青山镇（演示）'),
      }),
  },
  {
    route: 'POST /api/resolutions/:id/accept',
    allowed: UNIT,
    send: async (c) => c.post(`/api/resolutions/${await makeResolution(srv, 'dispatched')}/accept`),
  },
  {
    route: 'POST /api/resolutions/:id/return',
    allowed: UNIT,
    send: async (c) =>
      c.post(`/api/resolutions/${await makeResolution(srv, 'dispatched')}/return`, { reason: '不属本单位职责' }),
  },
  {
    route: 'POST /api/resolutions/:id/progress',
    allowed: UNIT,
    send: async (c) => c.post(`/api/resolutions/${await makeResolution(srv, 'accepted')}/progress`, { note: '已进场' }),
  },
  {
    route: 'POST /api/resolutions/:id/report',
    allowed: UNIT,
    send: async (c) =>
      c.post(`/api/resolutions/${await makeResolution(srv, 'in_progress')}/report`, { result: '已完工' }),
  },
  {
    route: 'POST /api/resolutions/:id/close',
    allowed: OWNERS,
    send: async (c) => c.post(`/api/resolutions/${await makeResolution(srv, 'reported')}/close`, {}),
  },
  {
    route: 'POST /api/resolutions/:id/withdraw',
    allowed: OWNERS,
    send: async (c) => c.post(`/api/resolutions/${await makeResolution(srv, 'draft')}/withdraw`, { reason: '重复' }),
  },
  {
    route: 'POST /api/resolutions/:id/deadline',
    allowed: OWNERS,
    send: async (c) =>
      c.post(`/api/resolutions/${await makeResolution(srv, 'accepted')}/deadline`, {
        deadline: '2099-01-01',
        reason: '材料未到',
      }),
  },
  {
    route: 'GET /api/track/:receipt/resolutions',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/track/${(await srv.db.models.Topic.findOne())!.receipt}/resolutions`),
  },
  {
    route: 'POST /api/track/:receipt/rating',
    allowed: EVERYONE,
    send: async (c) => {
      const topic = (await srv.db.models.Topic.findOne())!;
      const id = await makeResolution(srv, 'reported', { topicId: topic.id });
      return c.post(`/api/track/${topic.receipt}/rating`, {
        resolutionId: id,
        rating: 'satisfied',
        deviceId: 'matrix-device-1',
      });
    },
  },
  // Only a device that co-signed the topic may rate as a co-signer: no role gets past that.
  {
    route: 'POST /api/topics/:id/rating',
    allowed: [],
    send: async (c) => {
      const topic = (await srv.db.models.Topic.findOne())!;
      const id = await makeResolution(srv, 'reported', { topicId: topic.id });
      return c.post(`/api/topics/${topic.id}/rating`, {
        resolutionId: id,
        rating: 'satisfied',
        deviceId: 'never-cosigned',
      });
    },
  },
  {
    route: 'GET /api/board/resolutions/:id/photos/:position',
    allowed: EVERYONE,
    send: async (c) => {
      const id = await makeResolution(srv, 'reported');
      if (!(await srv.db.models.ResolutionPhoto.findOne({ where: { resolutionId: id } }))) {
        const { default: sharp } = await import('sharp');
        const data = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
          .jpeg()
          .toBuffer();
        await srv.db.models.ResolutionPhoto.create({
          resolutionId: id,
          eventId: null,
          position: 0,
          mime: 'image/jpeg',
          width: 8,
          height: 8,
          data,
          createdAt: new Date(),
        });
      }
      return c.get(`/api/board/resolutions/${id}/photos/0`);
    },
  },
  {
    route: 'GET /api/board/:organisationId',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/board/${await orgId('桃园村（演示）')}`),
  },
  { route: 'GET /api/notifications', allowed: ALL_STAFF, send: (c) => c.get('/api/notifications') },
  {
    route: 'POST /api/notifications/:id/read',
    allowed: ALL_STAFF,
    send: async (c) => {
      const n = await srv.db.models.Notification.create({
        userId: await userId('admin'),
        resolutionId: null,
        kind: 'dispatched',
        params: {},
        at: new Date(),
        readAt: null,
      });
      return c.post(`/api/notifications/${n.id}/read`);
    },
  },
  { route: 'POST /api/notifications/read-all', allowed: ALL_STAFF, send: (c) => c.post('/api/notifications/read-all') },
  {
    route: 'GET /api/organisations/:id/webhook',
    allowed: ADMIN,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/webhook`),
  },
  {
    route: 'PUT /api/organisations/:id/webhook',
    allowed: ADMIN,
    send: async (c) =>
      c.request('PUT', `/api/organisations/${await orgId('桃园村（演示）')}/webhook`, {
        url: 'http://127.0.0.1:9/robot',
        format: 'wecom',
        enabled: false,
      }),
  },
  {
    route: 'POST /api/webhook-deliveries/:id/retry',
    allowed: ADMIN,
    send: async (c) => {
      const village = await orgId('桃园村（演示）');
      const hook =
        (await srv.db.models.Webhook.findOne({ where: { organisationId: village } })) ??
        (await srv.db.models.Webhook.create({
          organisationId: village,
          url: 'http://127.0.0.1:9/robot',
          format: 'json',
          enabled: false,
        }));
      const d = await srv.db.models.WebhookDelivery.create({
        webhookId: hook.id,
        resolutionId: null,
        event: 'dispatched',
        payload: {},
        status: 'failed',
        attempts: 6,
        nextAttemptAt: null,
        lastError: 'HTTP 500',
        deliveredAt: null,
      });
      return c.post(`/api/webhook-deliveries/${d.id}/retry`);
    },
  },
  // 四议两公开: staff at the village or above read; reviewers and conveners carry a matter.
  {
    route: 'GET /api/procedures',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/procedures?organisationId=${await orgId('桃园村（演示）')}`),
  },
  {
    route: 'GET /api/procedures/stats',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/procedures/stats?organisationId=${await orgId('桃园村（演示）')}`),
  },
  {
    route: 'POST /api/procedures',
    allowed: OWNERS,
    send: async (c) =>
      c.post('/api/procedures', {
        organisationId: await orgId('桃园村（演示）'),
        kind: 'land',
        title: `事项${unique()}`,
        text: '方案',
      }),
  },
  {
    route: 'GET /api/procedures/:id',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/procedures/${await freshProcedure()}`),
  },
  {
    route: 'GET /api/procedures/:id/diff',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/procedures/${await freshProcedure()}/diff?from=1&to=1`),
  },
  {
    route: 'GET /api/procedures/:id/meetings',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/procedures/${await freshProcedure()}/meetings`),
  },
  {
    route: 'POST /api/procedures/:id/versions',
    allowed: OWNERS,
    send: async (c) => c.post(`/api/procedures/${await freshProcedure()}/versions`, { text: `新方案${unique()}` }),
  },
  {
    route: 'POST /api/procedures/:id/schedule',
    allowed: ORGANISERS,
    send: async (c) =>
      c.post(`/api/procedures/${await freshProcedure()}/schedule`, {
        stage: 'proposal',
        meetingId: (await freshMeeting('draft')).id,
      }),
  },
  {
    route: 'POST /api/procedures/:id/return',
    allowed: OWNERS,
    send: async (c) =>
      c.post(`/api/procedures/${await freshProcedure()}/return`, { to: 'proposal', reason: '重新提议' }),
  },
  {
    route: 'POST /api/procedures/:id/end',
    allowed: OWNERS,
    send: async (c) => c.post(`/api/procedures/${await freshProcedure()}/end`, { reason: '不再推进' }),
  },
  {
    route: 'POST /api/procedures/:id/publications',
    allowed: OWNERS,
    send: async (c) => c.post(`/api/procedures/${await freshProcedure()}/publications`, { kind: 'resolution' }),
  },
  {
    route: 'POST /api/procedures/:id/publications/:kind/withdraw',
    allowed: OWNERS,
    send: async (c) =>
      c.post(`/api/procedures/${await freshProcedure()}/publications/resolution/withdraw`, { reason: '撤下' }),
  },
  {
    route: 'POST /api/procedures/:id/objections/:objectionId/answer',
    allowed: OWNERS,
    send: async (c) => c.post(`/api/procedures/${await freshProcedure()}/objections/1/answer`, { answer: '已答复' }),
  },
  {
    route: 'GET /api/procedures/:id/archive.pdf',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/procedures/${await freshProcedure()}/archive.pdf`),
  },
  {
    route: 'GET /api/procedures/:id/archive.docx',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/procedures/${await freshProcedure()}/archive.docx`),
  },
  {
    route: 'GET /api/board/:organisationId/procedures',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/board/${await orgId('桃园村（演示）')}/procedures`),
  },
  {
    route: 'GET /api/intake/:code/procedures',
    allowed: EVERYONE,
    send: (c) => c.get(`/api/intake/${srv.intakeCodes[0]}/procedures`),
  },
  {
    route: 'POST /api/intake/:code/objections',
    allowed: EVERYONE,
    send: async (c) =>
      c.post(`/api/intake/${srv.intakeCodes[0]}/objections`, {
        procedureId: await freshProcedure(),
        text: '有异议的内容',
      }),
  },
  {
    route: 'GET /api/objections/:receipt',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/objections/${await freshObjectionReceipt()}`),
  },
  // Statistics: staff roles of the village and above (departments see their work in resolutions).
  { route: 'GET /api/stats', allowed: STATS_VIEWERS, send: (c) => c.get('/api/stats') },
  {
    route: 'GET /api/stats/exports/:kind/:format',
    allowed: STATS_VIEWERS,
    send: (c) => c.get('/api/stats/exports/meetings/csv'),
  },
  {
    route: 'GET /api/board/:organisationId/rates',
    allowed: EVERYONE,
    send: async (c) => c.get(`/api/board/${await orgId('桃园村（演示）')}/rates`),
  },
  // The register (issue 13): every role covering the village reads; its reviewers and admins edit.
  {
    route: 'GET /api/organisations/:id/register',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/register`),
  },
  {
    route: 'GET /api/organisations/:id/register/people',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/register/people?status=away`),
  },
  {
    route: 'POST /api/organisations/:id/register/people',
    allowed: REGISTER_EDITORS,
    send: async (c) =>
      c.post(`/api/organisations/${await orgId('桃园村（演示）')}/register/people`, {
        name: `矩阵${unique()}`.slice(0, 40),
        gender: 'female',
        birthYear: 1980,
        adult: null,
        householdNumber: '001',
        relation: null,
        gridId: null,
        phone: '',
        idSuffix: null,
        partyMember: false,
      }),
  },
  {
    route: 'GET /api/register/people/:id',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/register/people/${await personId()}`),
  },
  {
    route: 'PATCH /api/register/people/:id',
    allowed: REGISTER_EDITORS,
    send: async (c) => c.patch(`/api/register/people/${await personId()}`, { relation: '户主' }),
  },
  {
    route: 'POST /api/register/people/:id/status',
    allowed: REGISTER_EDITORS,
    send: async (c) =>
      c.post(`/api/register/people/${await personId()}/status`, {
        status: 'away',
        effectiveOn: '2026-03-01',
        reason: '外出务工',
      }),
  },
  {
    route: 'GET /api/organisations/:id/register/households',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/register/households`),
  },
  {
    route: 'PATCH /api/register/households/:id',
    allowed: REGISTER_EDITORS,
    send: async (c) => {
      const h = await srv.db.models.Household.findOne({ where: { organisationId: await orgId('桃园村（演示）') } });
      return c.patch(`/api/register/households/${h!.id}`, { address: '桃园村1组1号' });
    },
  },
  {
    route: 'POST /api/organisations/:id/register/import/preview',
    allowed: REGISTER_EDITORS,
    send: async (c) =>
      uploadSheet(
        c,
        `/api/organisations/${await orgId('桃园村（演示）')}/register/import/preview`,
        MATRIX_SHEET,
        'a.csv',
      ),
  },
  {
    route: 'POST /api/organisations/:id/register/import',
    allowed: REGISTER_EDITORS,
    send: async (c) =>
      uploadSheet(c, `/api/organisations/${await orgId('桃园村（演示）')}/register/import`, MATRIX_SHEET, 'a.csv'),
  },
  {
    route: 'GET /api/organisations/:id/register/export/:format',
    allowed: REGISTER_EDITORS,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/register/export/csv`),
  },
  // Deliberating bodies: read like the register, edited by its editors.
  {
    route: 'GET /api/organisations/:id/bodies',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/organisations/${await orgId('桃园村（演示）')}/bodies`),
  },
  {
    route: 'POST /api/organisations/:id/bodies',
    allowed: REGISTER_EDITORS,
    send: async (c) =>
      c.post(`/api/organisations/${await orgId('桃园村（演示）')}/bodies`, { kind: 'custom', name: `圆桌${unique()}` }),
  },
  {
    route: 'GET /api/bodies/:id',
    allowed: ALL_STAFF,
    send: async (c) => c.get(`/api/bodies/${await freshBody()}?on=2026-01-01`),
  },
  {
    route: 'PATCH /api/bodies/:id',
    allowed: REGISTER_EDITORS,
    send: async (c) => c.patch(`/api/bodies/${await freshBody()}`, { guestsVote: true }),
  },
  {
    route: 'POST /api/bodies/:id/members',
    allowed: REGISTER_EDITORS,
    send: async (c) =>
      c.post(`/api/bodies/${await freshBody()}/members`, {
        personId: await personId(),
        role: 'member',
        startsOn: '2026-01-01',
      }),
  },
  {
    route: 'POST /api/bodies/:id/members/:memberId/end',
    allowed: REGISTER_EDITORS,
    send: async (c) => {
      const bodyId = await freshBody();
      const seat = await srv.db.models.BodyMember.create({
        bodyId,
        personId: await personId(),
        role: 'member',
        startsOn: '2026-01-01',
        endsOn: null,
        passTokenHash: null,
        passIssuedAt: null,
      });
      return c.post(`/api/bodies/${bodyId}/members/${seat.id}/end`, { endsOn: '2026-02-01' });
    },
  },
];

/** One open meeting, one closed (its minutes finalised) and one published, shared by the minutes rows. */
let open: number | null = null;
const openMeeting = async () => (open ??= (await freshMeeting()).id);
let closed: number | null = null;
const closedMeeting = async () => {
  if (closed) return closed;
  const m = await freshMeeting();
  const convener = await userId('demo-convener');
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: convener } });
  const principal = {
    userId: convener,
    memberships: memberships.map((x) => ({ id: x.id, organisationId: x.organisationId, role: x.role })),
  };
  await srv.app.services.meetings.transition(principal, m.id, 'closed');
  closed = m.id;
  return closed;
};
let published: number | null = null;
const publishedMeeting = async () => {
  if (published) return published;
  const id = await closedMeeting();
  const convener = await userId('demo-convener');
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: convener } });
  await srv.app.services.minutesPublishing.publish(
    {
      userId: convener,
      memberships: memberships.map((x) => ({ id: x.id, organisationId: x.organisationId, role: x.role })),
    },
    id,
  );
  published = id;
  return published;
};

const login = async (who: Who): Promise<Client> =>
  who === 'anonymous' ? new Client(srv.url) : new Client(srv.url).login(USERNAME[who], srv.password(USERNAME[who]));
/**
 * One session per role, reused across rows: a login hashes a password (scrypt), and a fresh one
 * for each of ~80 rows × 7 roles made this suite outlast the per-file time limit on a loaded
 * machine. Rows about the session itself get fresh clients (`fresh`).
 */
const sessions = new Map<Who, Promise<Client>>();
const clients = (who: Who, fresh = false): Promise<Client> => {
  if (fresh) return login(who);
  let c = sessions.get(who);
  if (!c) sessions.set(who, (c = login(who)));
  return c;
};
const SESSION_ROWS = /^(POST|DELETE) \/api\/session$/;

test('setup: a target user and grid for the membership rows', async () => {
  const c = await clients('admin');
  const grid = await c.post('/api/organisations', {
    name: '网格-grant',
    kind: 'grid',
    parentId: await orgId('桃园村（演示）'),
    settings: {},
  });
  assert.is(grid.status, 201);
  const u = await c.post('/api/users', {
    username: 'matrix-target',
    displayName: '目标',
    organisationId: await orgId('第一网格'),
    role: 'representative',
  });
  assert.is(u.status, 201);
});

for (const row of rows) {
  test(`${row.route}: allowed for ${row.allowed.join(', ') || 'nobody past its own check'}`, async () => {
    for (const who of WHO) {
      // Grant before revoke: the DELETE row needs a membership to exist for the admin pass.
      if (row.route.startsWith('DELETE /api/users')) {
        const target = await userId('matrix-target');
        if (!(await srv.db.models.Membership.findOne({ where: { userId: target, role: 'reviewer' } }))) {
          await srv.db.models.Membership.create({
            userId: target,
            organisationId: await orgId('网格-grant'),
            role: 'reviewer',
          });
        }
      }
      if (row.route.startsWith('POST /api/users/:id/memberships')) {
        await srv.db.models.Membership.destroy({ where: { userId: await userId('matrix-target'), role: 'reviewer' } });
      }
      const { status } = await row.send(await clients(who, SESSION_ROWS.test(row.route)));
      const denied = status === 401 || status === 403;
      assert.is(denied, !row.allowed.includes(who), `${row.route} as ${who}: status ${status}`);
      assert.ok(status < 500, `${row.route} as ${who}: status ${status}`);
    }
  });
}

test('every mounted route has a row in the matrix', () => {
  const mounted = srv.app.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
  assert.equal(rows.map((r) => r.route).sort(), mounted);
});

const SOCKET_ROWS: Record<(typeof CLIENT_EVENTS)[number], { allowed: Who[]; payload: () => Promise<unknown> }> = {
  'session:get': { allowed: EVERYONE, payload: async () => ({}) },
  'organisation:watch': {
    allowed: ALL_STAFF,
    payload: async () => ({ organisationId: await orgId('桃园村（演示）') }),
  },
  'review:watch': { allowed: REVIEWERS, payload: async () => ({ organisationId: await orgId('桃园村（演示）') }) },
  'meeting:join': { allowed: ALL_STAFF, payload: async () => ({ meetingId: (await freshMeeting()).id }) },
  'meeting:drive': {
    allowed: DRIVERS,
    payload: async () => ({ meetingId: (await freshMeeting()).id, action: 'next' }),
  },
  // Voting: the hall's drivers run motions; only the meeting's convener (or an admin) annuls.
  'motion:list': { allowed: ALL_STAFF, payload: async () => ({ meetingId: (await freshMotion('draft')).meeting.id }) },
  'motion:create': {
    allowed: DRIVERS,
    payload: async () => {
      const { meeting } = await freshMotion('draft');
      return { meetingId: meeting.id, agendaItemId: meeting.agenda[0]!.id, question: '是否同意？', kind: 'secret' };
    },
  },
  'motion:open': { allowed: DRIVERS, payload: async () => ({ motionId: (await freshMotion('draft')).motion.id }) },
  'motion:close': { allowed: DRIVERS, payload: async () => ({ motionId: (await freshMotion()).motion.id }) },
  'motion:annul': {
    allowed: ORGANISERS,
    payload: async () => ({ motionId: (await freshMotion()).motion.id, reason: '表决程序有误' }),
  },
  'motion:hands': {
    allowed: DRIVERS,
    payload: async () => ({ motionId: (await freshMotion('open', 'show_of_hands')).motion.id, counts: [1, 0, 0] }),
  },
  // A ballot is authorised by the participant's token from check-in, whoever's browser sends it.
  'vote:cast': {
    allowed: EVERYONE,
    payload: async () => {
      const { motion, token } = await freshMotion();
      return { motionId: motion.id, choices: [0], clientBallotId: `matrix-${unique()}`, inviteToken: token };
    },
  },
  'decision:record': {
    allowed: DRIVERS,
    payload: async () => {
      const { meeting } = await freshMotion('draft');
      return { meetingId: meeting.id, agendaItemId: meeting.agenda[0]!.id, text: '同意村道硬化方案' };
    },
  },
  // Resolutions: the dashboard follows villages (not departments); see the resolution rows above.
  'resolutions:watch': { allowed: FOLLOWERS, payload: async () => ({ view: 'follow' }) },
  'stats:watch': {
    allowed: STATS_VIEWERS,
    payload: async () => ({ organisationId: await orgId('桃园村（演示）') }),
  },
  'procedures:watch': { allowed: ALL_STAFF, payload: async () => ({ organisationId: await orgId('桃园村（演示）') }) },
  'procedure:schedule': {
    allowed: ORGANISERS,
    payload: async () => ({
      procedureId: await freshProcedure(),
      stage: 'proposal',
      meetingId: (await freshMeeting('draft')).id,
    }),
  },
};

for (const event of CLIENT_EVENTS) {
  test(`socket ${event}: allowed for ${SOCKET_ROWS[event].allowed.join(', ')}`, async () => {
    for (const who of WHO) {
      const c = await clients(who);
      const socket = await connectSocket(srv.url, c.cookieHeader);
      const result = await call(socket, event, await SOCKET_ROWS[event].payload());
      socket.close();
      const denied = !result.ok && ['unauthenticated', 'forbidden'].includes(result.error.code);
      assert.is(denied, !SOCKET_ROWS[event].allowed.includes(who), `${event} as ${who}: ${JSON.stringify(result)}`);
    }
  });
}

test('a village role cannot watch a neighbouring village', async () => {
  const c = await clients('reviewer');
  const socket = await connectSocket(srv.url, c.cookieHeader);
  const result = await call(socket, 'organisation:watch', { organisationId: await orgId('柳溪社区（演示）') });
  socket.close();
  assert.is(result.ok, false);
});

/** Opens a raw WebSocket to a Yjs document and reports the close code, or 'open' after the first message. */
async function yjsOutcome(cookie: string, doc: string): Promise<number | 'open'> {
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/yjs/${doc}`, { headers: cookie ? { cookie } : {} });
  return new Promise((resolve) => {
    ws.on('message', () => {
      resolve('open');
      ws.close();
    });
    ws.on('close', (code) => resolve(code));
  });
}

test('Yjs scratch documents: staff of the organisation (or above) open them; others are refused with a close code', async () => {
  const village = await orgId('桃园村（演示）');
  const neighbour = await orgId('柳溪社区（演示）');
  for (const who of WHO) {
    const c = await clients(who);
    const outcome = await yjsOutcome(c.cookieHeader, `scratch:${village}`);
    assert.is(outcome, who === 'anonymous' ? 4401 : 'open', `scratch as ${who}`);
  }
  const reviewer = await clients('reviewer');
  assert.is(await yjsOutcome(reviewer.cookieHeader, `scratch:${neighbour}`), 4403);
  assert.is(await yjsOutcome(reviewer.cookieHeader, `nonsense:1`), 4404);
});

/**
 * The Origin dimension (issue 14, finding 1): a connection's authority is the cookie's only when
 * the page is the service's own (or no browser's at all); a foreign page gets no connection.
 */
const ORIGINS = {
  foreign: `http://127.0.0.1:${srv.port === 65535 ? 65534 : srv.port + 1}`,
  missing: undefined,
  own: srv.url,
} as const;

test('Socket.IO and Yjs × Origin (foreign, missing, own) × every role: foreign pages are refused before any role counts', async () => {
  const village = await orgId('桃园村（演示）');
  const meeting = await freshMeeting();
  for (const who of WHO) {
    const c = await clients(who);
    for (const [name, origin] of Object.entries(ORIGINS)) {
      const headers = from(origin, c.cookieHeader);
      const socket = await socketClient(srv.url, headers);
      const scratch = await yjsHandshake(srv.url, `scratch:${village}`, headers);
      const minutes = await yjsHandshake(srv.url, `minutes:${meeting.id}`, headers);
      const label = `${who} from the ${name} origin`;
      if (name === 'foreign') {
        assert.is(socket.connected, false, `socket.io ${label}`);
        assert.is(scratch.kind === 'refused' && scratch.status, 403, `scratch ${label}`);
        assert.is(minutes.kind === 'refused' && minutes.status, 403, `minutes ${label}`);
      } else {
        assert.ok(socket.connected, `socket.io ${label}`);
        const me = await call<{ id: number } | null>(socket.socket, 'session:get', {});
        assert.is(me.ok && me.data !== null, who !== 'anonymous', `session:get ${label}`);
        const expected = who === 'anonymous' ? { kind: 'closed', code: 4401 } : { kind: 'open' };
        assert.equal(scratch, expected, `scratch ${label}`);
        assert.equal(minutes, expected, `minutes ${label}`);
      }
      socket.socket.close();
    }
  }
});

const MINUTES_WRITERS: Who[] = ['convener', 'secretary'];

test('Yjs minutes documents: the meeting’s convener and secretary write; other staff read; no session is refused', async () => {
  const m = await freshMeeting();
  for (const who of WHO) {
    const c = await clients(who);
    const client = rawClient(srv.url, `minutes:${m.id}`, { cookie: c.cookieHeader });
    if (who === 'anonymous') {
      assert.is(await client.closed, 4401);
      continue;
    }
    await client.synced;
    client.sendUpdate(client.change((f) => f.insert(f.length, [new Y.XmlElement('paragraph')])));
    const outcome = await Promise.race([client.closed, new Promise((r) => setTimeout(() => r('open'), 500))]);
    assert.is(outcome, MINUTES_WRITERS.includes(who) ? 'open' : 4405, `minutes as ${who}`);
    client.ws.close();
  }
  const screen = new URL(
    (await srv.app.services.live.issueScreenToken(await principalFor('demo-convener'), m.id)).url,
  ).searchParams.get('token');
  const projector = rawClient(srv.url, `minutes:${m.id}`, { query: `?t=${screen}` });
  await projector.synced;
  projector.sendUpdate(projector.change((f) => f.insert(0, [new Y.XmlElement('paragraph')])));
  assert.is(await projector.closed, 4405, 'the projector reads only');
  assert.is(await rawClient(srv.url, `minutes:${m.id}`, { query: '?p=not-a-participant-token' }).closed, 4403);
});

async function principalFor(username: string) {
  const id = await userId(username);
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: id } });
  return {
    userId: id,
    memberships: memberships.map((x) => ({ id: x.id, organisationId: x.organisationId, role: x.role })),
  };
}

test.run();
