import type { Catalogue } from '../catalogue.js';

/** The resident's side of resolutions on the tracking page: result and rating (群众评单). */
export const resolutionResident = {
  'zh-CN': {
    'resident.resolution.heading': '办理情况',
    'resident.progress.in_hand': '办理中',
    'resident.progress.done': '已办结待评价',
    'resident.progress.rated': '已评价待销号',
    'resident.progress.closed': '已办结销号',
    'resident.resolution.result': '办理结果',
    'resident.rating.question': '您对办理结果满意吗？',
    'resident.rating.comment': '还想说的话（可不填）',
    'resident.rating.submit': '提交评价',
    'resident.rating.choose': '请先选择满意、基本满意或不满意。',
    'resident.rating.thanks': '谢谢您的评价！',
    'resident.rating.reopened': '已收到，这件事将退回重新办理。',
    'resident.rating.current': '群众评价',
  },
  en: {
    'resident.resolution.heading': 'What is being done',
    'resident.progress.in_hand': 'Being handled',
    'resident.progress.done': 'Done, awaiting your rating',
    'resident.progress.rated': 'Rated, awaiting close-out',
    'resident.progress.closed': 'Done and closed out',
    'resident.resolution.result': 'Result',
    'resident.rating.question': 'Are you satisfied with the result?',
    'resident.rating.comment': 'Anything else to say (optional)',
    'resident.rating.submit': 'Send rating',
    'resident.rating.choose': 'Choose satisfied, basically satisfied or not satisfied first.',
    'resident.rating.thanks': 'Thank you for your rating!',
    'resident.rating.reopened': 'Received: the matter goes back to be redone.',
    'resident.rating.current': 'Residents’ rating',
  },
} satisfies Catalogue;
