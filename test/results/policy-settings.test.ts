// How docs/policy.md's table names a lever setting: numbers, large numbers, lists, and margin broker profiles.
import { describe, expect, it } from 'vitest';
import { valueText } from '../../src/results/policy-report.js';

describe('policy setting text', () => {
  it('numbers, large numbers in exponent form, lists as JSON', () => {
    expect(valueText(1.5)).toBe('1.5');
    expect(valueText(5e9)).toBe('5e9');
    expect(valueText([8, 15, 20])).toBe('[8,15,20]');
    expect(valueText('moc')).toBe('moc');
  });

  it('broker profiles (as the runs table holds them, JSON text) read as how many sell all', () => {
    const calibrated = '[{"share":0.5,"discount":0.2,"graceDays":2},{"share":0.3,"discount":"lower-limit","sellAll":true},{"share":0.2}]';
    expect(valueText(calibrated)).toBe('1 of 3 profiles');
    expect(valueText(JSON.parse(calibrated.replaceAll('"graceDays":2}', '"sellAll":true}').replace('"share":0.2}', '"share":0.2,"sellAll":true}')))).toBe('3 of 3 profiles');
    expect(valueText('[{not json')).toBe('[{not json');
  });
});
