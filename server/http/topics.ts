import * as z from 'zod';
import { Id, IdParams } from '../../shared/schemas/common.js';
import {
  OwnerCandidates,
  AcceptBody,
  DeclineBody,
  MergeBody,
  OpenCount,
  OpenCountQuery,
  ReferBody,
  StaffTopic,
  StaffTopicList,
  TopicListQuery,
} from '../../shared/schemas/intake.js';
import { MergeCandidates, MergeCandidatesQuery, ReferralTargets } from '../../shared/schemas/review.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

/** The review queue (审定). Authorisation (reviewer or admin at the topic's organisation) lives in ReviewService. */
export function topicRoutes(s: Services): AnyRoute[] {
  const action = <B extends z.ZodType>(
    name: string,
    summary: string,
    body: B,
    run: (p: Parameters<Services['review']['get']>[0], id: number, b: z.output<B>) => Promise<unknown>,
  ) =>
    defineRoute({
      method: 'post',
      path: `/api/topics/:id/${name}`,
      tag: 'review',
      summary,
      access: 'staff',
      params: IdParams,
      body,
      response: { status: 200, schema: StaffTopic },
      errors: [409],
      handler: ({ principal, params, body: b }) => run(principal, params.id, b as z.output<B>),
    });
  return [
    defineRoute({
      method: 'get',
      path: '/api/topics',
      tag: 'review',
      summary: 'Topics in my part of the tree: filter by status, category, grid and date; search title and details',
      access: 'staff',
      query: TopicListQuery,
      response: { status: 200, schema: StaffTopicList },
      handler: ({ principal, query }) => s.review.list(principal, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/topics/open-count',
      tag: 'review',
      summary: 'How many topics in my part of the tree wait for review (received or under review): the menu badge',
      access: 'staff',
      query: OpenCountQuery,
      response: { status: 200, schema: OpenCount },
      handler: async ({ principal, query }) => ({
        openCount: await s.review.openCount(principal, query.organisationId),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/topics/:id',
      tag: 'review',
      summary: 'One topic with its submitter (unless anonymous), photos and full timeline',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: StaffTopic },
      handler: ({ principal, params }) => s.review.get(principal, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/topics/:id/photos/:photoId',
      tag: 'review',
      summary: 'A photo of a topic',
      access: 'staff',
      params: z.object({ id: Id, photoId: Id }).strict(),
      response: { status: 200, contentType: 'image/jpeg' },
      handler: async ({ principal, params, res }) => {
        const photo = await s.review.photo(principal, params.id, params.photoId);
        res.set('Cache-Control', 'private, max-age=86400').type(photo.mime).send(photo.data);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/topics/:id/owners',
      tag: 'review',
      summary: 'Staff who may own this topic (for the accept dialog)',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: OwnerCandidates },
      handler: async ({ principal, params }) => ({ items: await s.review.ownerCandidates(principal, params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/topics/:id/merge-candidates',
      tag: 'review',
      summary: 'Open or accepted topics of the same organisation to merge into, most alike first (or matching q)',
      access: 'staff',
      params: IdParams,
      query: MergeCandidatesQuery,
      response: { status: 200, schema: MergeCandidates },
      handler: async ({ principal, params, query }) => ({
        items: await s.reviewTargets.mergeCandidates(principal, params.id, query.q || undefined),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/topics/:id/referral-targets',
      tag: 'review',
      summary: 'Departments, levels above and people this topic can be referred to (即办)',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: ReferralTargets },
      handler: ({ principal, params }) => s.reviewTargets.referralTargets(principal, params.id),
    }),
    action('review', 'Start reviewing (the resident sees 审核中)', z.object({}).strict(), (p, id) =>
      s.review.startReview(p, id),
    ),
    action('accept', 'Accept onto the agenda list with a responsible owner (首问负责制)', AcceptBody, (p, id, b) =>
      s.review.accept(p, id, b.ownerId),
    ),
    action('merge', 'Merge into another topic; co-signs and the submitter carry over', MergeBody, (p, id, b) =>
      s.review.merge(p, id, b.intoTopicId),
    ),
    action('decline', 'Decline with a written reply the resident will read', DeclineBody, (p, id, b) =>
      s.review.decline(p, id, b.reply),
    ),
    action('refer', 'Refer straight to a department or person without a meeting (即办)', ReferBody, (p, id, b) =>
      s.review.refer(p, id, b),
    ),
  ];
}
