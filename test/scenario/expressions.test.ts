// The sandboxed expression evaluator: arithmetic over params, the allow-list, the refusals named in TOOLCHAIN §4
// (disabled mathjs functions, assignments, blocks, matrices, unknown names, non-finite results) with their messages.
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateExpression, ExpressionError } from '../../src/scenario/expressions.js';

const P = { basePrice: 70000, nNoise: 100, aum: 1e9 };

describe('evaluateExpression', () => {
  it.each([
    ['aum * 2', 2e9],
    ['nNoise / 2', 50],
    ['max(1, floor(nNoise / 3))', 33],
    ['basePrice * 1.1', 77000], // 77000.00000000001 in floating point, snapped to the integer
    ['0.13 * 100.5', 13.065000000000001], // not near an integer: kept as computed
    ['5e-10 * 1', 5e-10], // tiny values are never snapped to 0
    ['2 pi', 2 * Math.PI],
    ['nNoise > 50 ? 1 : 2', 1],
    ['-(3 ^ 2) + 10 % 4', -7],
    ['round(e, 3)', 2.718],
  ])('%s = %d', (src, value) => {
    expect(evaluateExpression(src, P)).toBe(value);
  });

  it.each([
    ['import("fs")', 'function import() is not allowed in scenario expressions'],
    ['evaluate("1+1")', 'function evaluate() is not allowed in scenario expressions'],
    ['parse("1")', 'function parse() is not allowed in scenario expressions'],
    ['createUnit("foo")', 'function createUnit() is not allowed in scenario expressions'],
    ['simplify("x")', 'function simplify() is not allowed in scenario expressions'],
    ['derivative("x^2", "x")', 'function derivative() is not allowed in scenario expressions'],
    ['resolve(aum)', 'function resolve() is not allowed in scenario expressions'],
    ['compile("1")', 'function compile() is not allowed in scenario expressions'],
    ['reviver()', 'function reviver() is not allowed in scenario expressions'],
    ['aum = 5', 'assignments are not allowed in expression "aum = 5"'],
    ['f(x) = x^2', 'assignments are not allowed in expression "f(x) = x^2"'],
    ['a = 1; a', 'must be a single expression'],
    ['[1, 2, 3]', 'expression "[1, 2, 3]" uses a matrix or list, which is not allowed'],
    ['{a: 1}', 'uses an object'],
    ['aum.x', 'uses a property or index access'],
    ['1:3', 'uses a range'],
    ['"str"', 'contains quoted text'],
    ['5!', 'operator "!" is not allowed'],
    ['1/0', 'expression "1/0" gives Infinity, not a finite number'],
    ['0/0', 'gives NaN, not a finite number'],
    ['1 < 2', 'gives boolean true, not a number'],
    ['aum *', 'bad expression "aum *": Unexpected end of expression (char 6)'],
    ['nNoize / 2', 'unknown name "nNoize" in expression "nNoize / 2" (did you mean "nNoise"?); known params: basePrice, nNoise, aum'],
    ['flor(2.5)', 'unknown function flor() in expression "flor(2.5)" (did you mean "floor"?); allowed: abs,'],
  ])('refuses %s', (src, message) => {
    expect(() => evaluateExpression(src, P)).toThrow(ExpressionError);
    expect(() => evaluateExpression(src, P)).toThrow(message);
  });

  it('a param used as a function fails on one line', () => {
    expect(() => evaluateExpression('floor(2.5)', { floor: 3 })).toThrow(/^expression "floor\(2\.5\)" failed: 'floor' is not a function; its value is: 3$/);
  });

  it('says when there are no params at all', () => {
    expect(() => evaluateExpression('x + 1', {})).toThrow('no params are defined (add them under `params:`)');
  });

  it('params shadow nothing dangerous: a param named like a disabled function is still only a number', () => {
    expect(evaluateExpression('evaluate * 2', { evaluate: 4 })).toBe(8);
    expect(() => evaluateExpression('evaluate("1")', { evaluate: 4 })).toThrow('function evaluate() is not allowed');
  });
});

describe('compileExpression', () => {
  it('checks once and evaluates with any values for the same names', () => {
    const f = compileExpression('a * b + 1', ['a', 'b']);
    expect(f({ a: 2, b: 3 })).toBe(7);
    expect(f({ a: -1, b: 10 })).toBe(-9);
  });

  it('never mutates the scope it is given', () => {
    const scope = { a: 1 };
    compileExpression('a + 1', ['a'])(scope);
    expect(scope).toEqual({ a: 1 });
  });
});
