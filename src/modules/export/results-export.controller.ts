import { Controller, Get, HttpException, HttpStatus, Param, Res } from '@nestjs/common';
import { pipeline } from 'node:stream/promises';
import type { HttpResponse } from '../auth/http-types.js';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { copyToCsv } from '../results/copy-to-csv.js';
import { ResultRunNotFoundError, ResultsNotReadyError } from '../results/results.errors.js';
import { ResultsService } from '../results/results.service.js';

/**
 * GET /runs/:id/results.csv: the run's rows as the CLI's CSV, streamed from COPY TO STDOUT through
 * the engine's CSV writer with backpressure (no whole-file buffer), so a 10,000-path run exports in
 * constant memory.
 */
@Controller('runs')
export class ResultsExportController {
  constructor(private readonly results: ResultsService) {}

  @Get(':id/results.csv')
  @RequireRole(Role.Viewer)
  async csv(@Param('id') id: string, @Res() res: HttpResponse): Promise<void> {
    let source;
    try {
      source = await this.results.exportStream(id);
    } catch (err) {
      if (err instanceof ResultRunNotFoundError) throw new HttpException({ statusCode: 404, message: err.message }, HttpStatus.NOT_FOUND);
      if (err instanceof ResultsNotReadyError) throw new HttpException({ statusCode: 409, message: err.message }, HttpStatus.CONFLICT);
      throw err;
    }
    res.statusCode = 200;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="run-${id}.csv"`);
    try {
      await pipeline(source, copyToCsv(), res);
    } catch {
      // Headers are gone: all that is left is to cut the response short, so the client sees a
      // truncated transfer rather than a CSV that looks complete.
      res.destroy();
    }
  }
}
