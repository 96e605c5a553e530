/**
 * A number in a content stream: rounded to two decimals, written as `String` writes that value
 * ("12.5", "-3", "0.07"), without the double-to-text conversion, which was the writer's costliest
 * call (every coordinate of every page).
 */
export function pdfNumber(value: number): string {
  const hundredths = Math.round(value * 100);
  // Whole numbers, -0 (as "0") and anything past 15 digits, where String may write fewer decimals.
  if (hundredths % 100 === 0 || !(Math.abs(hundredths) < 1e15)) return String(hundredths / 100);
  const abs = hundredths < 0 ? -hundredths : hundredths;
  const cents = abs % 100;
  const fraction = cents % 10 === 0 ? String(cents / 10) : cents < 10 ? `0${cents}` : String(cents);
  return `${hundredths < 0 ? '-' : ''}${(abs - cents) / 100}.${fraction}`;
}
