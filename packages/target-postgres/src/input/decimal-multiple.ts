/** A finite number as an exact decimal: mantissa × 10^exponent (from its shortest round-trip text). */
function decimalOf(value: number): { mantissa: bigint; exponent: number } {
  const [coefficient, power = '0'] = String(value).toLowerCase().split('e');
  const [int, fraction = ''] = (coefficient ?? '0').split('.');
  return { mantissa: BigInt(`${int}${fraction}`), exponent: Number(power) - fraction.length };
}

/**
 * `multipleOf` checked on the decimals the numbers were written as, not on binary floating point: 1234.57 is a
 * multiple of 0.01 (1234.57 / 0.01 is 123456.99999999999 in floating point, which ajv's own check refuses).
 */
export function isMultipleOf(value: number, divisor: number): boolean {
  if (!Number.isFinite(value) || !Number.isFinite(divisor) || divisor === 0) return true;
  const v = decimalOf(value);
  const d = decimalOf(divisor);
  const common = Math.min(v.exponent, d.exponent);
  const scaled = v.mantissa * 10n ** BigInt(v.exponent - common);
  const step = d.mantissa * 10n ** BigInt(d.exponent - common);
  return scaled % step === 0n;
}
