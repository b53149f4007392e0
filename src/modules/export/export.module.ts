import { Module } from '@nestjs/common';
import { ResultsModule } from '../results/results.module.js';
import { ResultsExportController } from './results-export.controller.js';

/** CSV export of results over HTTP (issue 6). */
@Module({ imports: [ResultsModule], controllers: [ResultsExportController] })
export class ExportModule {}
