// Small dense linear algebra for the calibration (dimensions are parameters or moments: tens at most): the
// symmetric eigen-decomposition by cyclic Jacobi rotations (accurate, simple, O(n³) per sweep, deterministic),
// and what is built on it. Matrices are arrays of rows.

export type Matrix = number[][];

/** Eigenvalues (descending) and unit eigenvectors (columns of `vectors`) of the symmetric matrix `a`. */
export function symmetricEigen(a: readonly (readonly number[])[]): { values: number[]; vectors: Matrix } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p]![q]!) < 1e-300) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * m[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!, mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!, mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!, vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j]![j]! - m[i]![i]! || i - j);
  return { values: order.map((i) => m[i]![i]!), vectors: v.map((row) => order.map((i) => row[i]!)) };
}

export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Inverse of a symmetric positive semi-definite matrix, eigenvalues floored at `floor` (a ridge for near-singular ones). */
export function symmetricInverse(a: readonly (readonly number[])[], floor: number): Matrix {
  const { values, vectors } = symmetricEigen(a);
  const n = a.length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => values.reduce((s, l, k) => s + (vectors[i]![k]! * vectors[j]![k]!) / Math.max(l, floor), 0)),
  );
}

/** Singular values (descending) of an m×n matrix, from the eigenvalues of AᵀA. */
export function singularValues(a: readonly (readonly number[])[]): number[] {
  const n = a[0]?.length ?? 0;
  const ata = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a.reduce((s, row) => s + row[i]! * row[j]!, 0)));
  return symmetricEigen(ata).values.map((l) => Math.sqrt(Math.max(0, l)));
}

/** xᵀ W x. */
export function quadraticForm(w: readonly (readonly number[])[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) s += x[i]! * w[i]![j]! * x[j]!;
  return s;
}
