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
