/**
 * A passed motion is asked as a question ("是否同意修建村道？"); the resolution it produces is a
 * statement ("同意修建村道"). This drafts the statement the convener may then edit: the board and
 * the resident read what was decided, not what was asked.
 */

/** Question openings and what the decision says instead, longest first. */
const ZH_OPENINGS: [RegExp, string][] = [
  [/^是否同意/, '同意'],
  [/^是否赞成/, '同意'],
  [/^是否批准/, '批准'],
  [/^是否通过/, '通过'],
  [/^能否/, '同意'],
  [/^可否/, '同意'],
  [/^要不要/, '同意'],
  [/^是否/, '同意'],
];
const EN_OPENINGS: [RegExp, string][] = [
  [/^(do|does) (we|you|the meeting) (agree|consent) to\s+/i, 'Agreed to '],
  [/^(do|does) (we|you|the meeting) approve\s+/i, 'Approved: '],
  [/^(shall|should) we\s+/i, 'Agreed to '],
  [/^(is it agreed|is it approved)( that)?\s+/i, 'Agreed: '],
];

/** The statement a decision's text reads as; texts that are already statements pass through trimmed. */
export function decisionWording(text: string): string {
  let s = text.trim();
  // A choice's text is "question：winners": the question mark before the colon goes too.
  s = s.replace(/\s*[？?]+\s*(?=[：:])/g, '');
  s = s.replace(/[\s？?]+$/u, '');
  s = s.replace(/(?<=[\u4e00-\u9fff])吗$/u, '');
  for (const [opening, instead] of [...ZH_OPENINGS, ...EN_OPENINGS]) {
    if (opening.test(s)) {
      const rest = s.replace(opening, '').replace(/^\s*[：:，,]\s*/, '');
      s = rest ? `${instead}${rest}` : s;
      break;
    }
  }
  return s;
}
