import type { DeadlineStep, HolidayName, NonWorkingDay } from '../check/calendar.js';
import type { Deadline } from '../check/deadlines.js';
import type { Formatter } from './format.js';

type Words = {
  basis: Record<NonNullable<Deadline['basis']>['from'], (date: string) => string>;
  suspended: (range: string) => string;
  deferred: (range: string) => string;
  moved: (from: string, why: string, to: string) => string;
  why: (day: NonWorkingDay) => string;
  holiday: Record<HolidayName, string>;
  range: (from: string, to: string) => string;
};

const en: Words = {
  basis: {
    notification: (d) => `from notification on ${d}`,
    start: (d) => `from the start of the detention on ${d}`,
    seizure: (d) => `from the seizure on ${d}`,
    fine_notification: (d) => `from notification of the fine on ${d}`,
  },
  suspended: (r) => `${r} not counted (summer suspension, L. 742/1969)`,
  deferred: (r) => `the count starts after the summer suspension (${r}, L. 742/1969)`,
  moved: (from, why, to) => `moved from ${from}${why} to ${to}, the next working day (art. 155 c.p.c.)`,
  why: (d) => (d.because === 'holiday' ? ` (${en.holiday[d.holiday]})` : ''),
  holiday: {
    new_year: 'New Year’s Day',
    epiphany: 'Epiphany',
    easter_monday: 'Easter Monday',
    liberation_day: 'Liberation Day',
    labour_day: 'Labour Day',
    republic_day: 'Republic Day',
    assumption: 'Assumption',
    st_francis: 'St Francis of Assisi',
    all_saints: 'All Saints’ Day',
    immaculate_conception: 'Immaculate Conception',
    christmas: 'Christmas Day',
    st_stephen: 'St Stephen’s Day',
    local: 'a local holiday',
  },
  range: (from, to) => `${from} to ${to}`,
};

const it: Words = {
  basis: {
    notification: (d) => `dalla notifica del ${d}`,
    start: (d) => `dall’inizio del fermo, in data ${d}`,
    seizure: (d) => `dal sequestro del ${d}`,
    fine_notification: (d) => `dalla notifica della sanzione del ${d}`,
  },
  suspended: (r) => `${r} non computati (sospensione feriale, L. 742/1969)`,
  deferred: (r) => `il termine decorre dopo la sospensione feriale (${r}, L. 742/1969)`,
  moved: (from, why, to) => `prorogato da ${from}${why} a ${to}, primo giorno non festivo (art. 155 c.p.c.)`,
  why: (d) => (d.because === 'holiday' ? ` (${it.holiday[d.holiday]})` : ''),
  holiday: {
    new_year: 'Capodanno',
    epiphany: 'Epifania',
    easter_monday: 'Lunedì dell’Angelo',
    liberation_day: 'Festa della Liberazione',
    labour_day: 'Festa del Lavoro',
    republic_day: 'Festa della Repubblica',
    assumption: 'Assunzione',
    st_francis: 'San Francesco d’Assisi',
    all_saints: 'Ognissanti',
    immaculate_conception: 'Immacolata Concezione',
    christmas: 'Natale',
    st_stephen: 'Santo Stefano',
    local: 'festività locale',
  },
  range: (from, to) => `dal ${from} al ${to}`,
};

/** The name of a day on which no deadline can fall, for a warning or a step. */
export function nonWorkingDayName(day: NonWorkingDay, f: Formatter): string {
  const w = f.locale === 'it' ? it : en;
  if (day.because === 'holiday') return w.holiday[day.holiday];
  return f.locale === 'it'
    ? day.because === 'sunday'
      ? 'domenica'
      : 'sabato'
    : day.because === 'sunday'
      ? 'Sunday'
      : 'Saturday';
}

/**
 * How a computed deadline was counted, in the dossier's language:
 * "30 days from notification on 10 July 2023; 1 August 2023 to 31 August 2023 not counted (summer
 * suspension, L. 742/1969); moved from Saturday 9 September 2023 to Monday 11 September 2023, ...".
 * Consecutive moves (Saturday, then Sunday) read as one.
 */
export function describeDeadline(deadline: Deadline, f: Formatter): string | undefined {
  if (!deadline.basis) return undefined;
  const w = f.locale === 'it' ? it : en;
  const parts = [`${f.days(deadline.basis.days)} ${w.basis[deadline.basis.from](f.date(deadline.basis.date))}`];
  const steps = deadline.steps ?? [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.step === 'suspended') {
      const range = w.range(f.date(step.from), f.date(step.to));
      parts.push(step.start_deferred ? w.deferred(range) : w.suspended(range));
    } else if (step.step === 'moved') {
      let last: DeadlineStep = step;
      while (steps[i + 1]?.step === 'moved') last = steps[++i]!;
      parts.push(w.moved(f.weekdayDate(step.from), w.why(step), f.weekdayDate(last.to)));
    }
  }
  return parts.join('; ');
}
