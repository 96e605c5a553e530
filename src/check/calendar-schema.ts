import { z } from './zod.js';
import { DEADLINE_KINDS, isMonthDay } from './calendar.js';
import { describeValue } from './describe.js';

// The `calendar:` block of casebuilder.yaml as format.md writes it, defaults included; its output
// is a CalendarSettings. Kept beside calendar.ts so schemas.ts can plug it in as `calendar:`.

const MonthDay = z
  .string()
  .refine(isMonthDay, {
    error: (iss) => `expected a day of the year as "MM-DD", e.g. "07-15" for 15 July; got ${describeValue(iss.input)}`,
  })
  .meta({ description: 'day of the year, "MM-DD"' });

export const SummerSuspensionSchema = z
  .strictObject({
    from: MonthDay.default('08-01'),
    to: MonthDay.default('08-31'),
    applies_to: z.array(z.enum(DEADLINE_KINDS)).default(() => [...DEADLINE_KINDS]),
  })
  .check((ctx) => {
    const { from, to } = ctx.value;
    const refuse = (message: string) => ctx.issues.push({ code: 'custom', message, input: ctx.value });
    // Counting rolls over the year end; a suspension that wraps it would need its own rule.
    if (from > to) refuse(`the suspension ends (${to}) before it starts (${from}) in the year: give from <= to`);
    else if (from === '01-01' && to === '12-31') refuse('a suspension covering the whole year leaves no day to count');
  });

export const CalendarSchema = z
  .strictObject({
    holidays: z.enum(['it', 'none']).default('it'),
    local_holidays: z.array(MonthDay).default(() => []),
    saturday: z.enum(['next_working_day', 'working']).default('next_working_day'),
    summer_suspension: SummerSuspensionSchema.prefault({}),
  })
  .prefault({});

export type CalendarConfig = z.output<typeof CalendarSchema>;
