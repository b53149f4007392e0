import { Module } from '@nestjs/common';
import { PingModule } from '../modules/ping/ping.module.js';
import { PingProcessor } from './ping.processor.js';

/** The processors: imported by the worker only, so the API never consumes a queue. */
@Module({
  imports: [PingModule],
  providers: [PingProcessor],
})
export class JobsModule {}
