import { Module } from '@nestjs/common';
import { ResultLoaders } from './results-loaders.js';
import { ResultsRepository } from './results.repository.js';
import { ResultsService } from './results.service.js';
import { RunResultsResolver } from './run-results.resolver.js';
import { SeriesCache } from './series-cache.js';

/** Results read side: series, KPIs, raw rows and comparisons over GraphQL (issue 6). */
@Module({
  providers: [ResultsRepository, ResultsService, ResultLoaders, SeriesCache, RunResultsResolver],
  exports: [ResultsService],
})
export class ResultsModule {}
