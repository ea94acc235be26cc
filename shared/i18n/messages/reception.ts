import type { Catalogue } from '../catalogue.js';

/** Reception days: server messages for studios, queue numbers and visit records. */
export const reception = {
  'zh-CN': {
    'reception.error.roster': '排班人员必须是本组织的代表。',
    'reception.error.unknown_studio': '找不到这个工作室，请核对二维码。',
    'reception.error.closed': '现在不是接待时间，请在接待日的接待时段再来取号。',
    'reception.error.already_topic': '这条接待记录已经转为议题。',
    'field.invalid_time': '请用 24 小时制填写，例如 09:00。',
  },
  en: {
    'reception.error.roster': 'The roster may only list representatives of this organisation.',
    'reception.error.unknown_studio': 'No studio has this code. Please check the QR code.',
    'reception.error.closed': 'The studio is not receiving now. Please take a number during the reception hours.',
    'reception.error.already_topic': 'This visit has already become a topic.',
    'field.invalid_time': 'Use the 24-hour clock, for example 09:00.',
  },
} satisfies Catalogue;
