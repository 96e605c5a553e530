import { DateTime } from 'luxon';
import path from 'node:path';
import { CasebuilderError, ExitStatus } from '../../errors.js';
import { writeFileAtomic } from '../../load/write-atomic.js';
import { dossiersFolder } from '../../build/dossiers-folder.js';
import { openRepository } from '../../build/repository.js';
import { reportMarkdown, reportPdf } from '../../build/report.js';
import { toCsv } from '../../report/csv.js';
import { computeStatistics, incidentRows, IOM_COLUMNS, mapPoints } from '../../report/statistics.js';
import type { CliContext, GlobalOptions } from '../context.js';

/** `report`: figures across all cases for public documentation. */
export async function reportCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  options: { format: 'md' | 'json' | 'csv' | 'pdf'; out?: string; locale?: 'en' | 'it' },
): Promise<ExitStatus> {
  const { repository } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    nowMs: ctx.now(),
    verifyHashes: false,
  });
  const today = DateTime.fromMillis(ctx.now(), { zone: repository.config.timezone }).toISODate()!;
  const stats = computeStatistics(repository, today);
  switch (options.format) {
    case 'json':
      ctx.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      break;
    case 'csv':
      ctx.stdout.write(toCsv(IOM_COLUMNS, incidentRows(repository)));
      break;
    case 'md':
      ctx.stdout.write(reportMarkdown(stats, false, options.locale ?? repository.config.locale));
      break;
    case 'pdf': {
      const file = options.out
        ? path.resolve(ctx.cwd, options.out)
        : path.join(dossiersFolder(repository, ctx.cwd, undefined), 'report.pdf');
      const epoch = ctx.env.SOURCE_DATE_EPOCH ? Number(ctx.env.SOURCE_DATE_EPOCH) : undefined;
      const locale = options.locale ?? repository.config.locale;
      writeFileAtomic(file, await reportPdf(stats, today, epoch, locale, mapPoints(repository)));
      ctx.stderr.write(`wrote ${path.relative(ctx.cwd, file)}\n`);
      break;
    }
    default:
      throw new CasebuilderError(
        { code: 'usage.format', message: `unknown format ${String(options.format)}` },
        ExitStatus.usage,
      );
  }
  return ExitStatus.ok;
}
