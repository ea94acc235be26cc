/**
 * Fractions and bases in words, for the sentence that states the rule a vote was decided by.
 * Chinese writes "三分之二" (and "半数" for one half); English "two thirds" and "half". Fractions
 * without a usual name fall back to digits ("7/12").
 */

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const EN_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const EN_PARTS: Record<number, [string, string]> = {
  3: ['third', 'thirds'],
  4: ['quarter', 'quarters'],
  5: ['fifth', 'fifths'],
  6: ['sixth', 'sixths'],
  7: ['seventh', 'sevenths'],
  8: ['eighth', 'eighths'],
  9: ['ninth', 'ninths'],
  10: ['tenth', 'tenths'],
};

export function fractionZh(numerator: number, denominator: number): string {
  if (numerator === 1 && denominator === 2) return '半数';
  if (numerator === denominator) return '全部';
  if (denominator <= 10 && numerator < denominator) return `${ZH_DIGITS[denominator]}分之${ZH_DIGITS[numerator]}`;
  return `${numerator}/${denominator}`;
}

export function fractionEn(numerator: number, denominator: number): string {
  if (numerator === 1 && denominator === 2) return 'half';
  if (numerator === denominator) return 'all';
  const part = EN_PARTS[denominator];
  if (part && numerator < denominator) return `${EN_NUMBERS[numerator]} ${numerator === 1 ? part[0] : part[1]}`;
  return `${numerator}/${denominator}`;
}

export const BASE_ZH = { members: '应到人数', present: '到会人数', cast: '投票人数' } as const;
export const BASE_EN = { members: 'all members', present: 'those present', cast: 'ballots cast' } as const;

/** "超过"/"more than" for strict thresholds, "达到"/"at least" for inclusive ones. */
export const compareZh = (strict: boolean) => (strict ? '超过' : '达到');
export const compareEn = (strict: boolean) => (strict ? 'more than' : 'at least');

/** The base counted as a number of people: "到会 8 人", "the 8 present". */
const COUNT_ZH = { members: '应到', present: '到会', cast: '投票' } as const;
const countEn = (base: keyof typeof BASE_EN, n: number) =>
  base === 'members' ? `all ${n} members` : base === 'present' ? `the ${n} present` : `the ${n} ballots cast`;

export interface PassRule {
  numerator: number;
  denominator: number;
  strict: boolean;
  base: keyof typeof BASE_ZH;
}

/**
 * The votes needed, stated as the number itself with the rule after it: "至少 5 票（超过到会 8 人的
 * 半数）". Saying "超过到会人数半数（5）" read as "more than 5" when 5 is enough.
 */
export function neededZh(rule: PassRule, base: number, needed: number): string {
  return `至少 ${needed} 票（${compareZh(rule.strict)}${COUNT_ZH[rule.base]} ${base} 人的${fractionZh(rule.numerator, rule.denominator)}）`;
}

/** "at least 5 (more than half of the 8 present)". */
export function neededEn(rule: PassRule, base: number, needed: number): string {
  return `at least ${needed} (${compareEn(rule.strict)} ${fractionEn(rule.numerator, rule.denominator)} of ${countEn(rule.base, base)})`;
}
