// Binomial(n, 1/2) cumulative probabilities, computed in log space so moderate n neither overflows nor underflows.

/** ln(n!) by summation (exact enough for the n of benchmark repeats; cached). */
const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let k = logFactorials.length; k <= n; k++) logFactorials[k] = logFactorials[k - 1] + Math.log(k);
  return logFactorials[n];
}

/** P(B ≤ k) for B ~ Binomial(n, 1/2). */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let sum = 0;
  const lnHalfN = n * Math.log(0.5);
  for (let i = 0; i <= k; i++) sum += Math.exp(logFactorial(n) - logFactorial(i) - logFactorial(n - i) + lnHalfN);
  return Math.min(1, sum);
}
