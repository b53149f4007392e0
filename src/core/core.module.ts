import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { DatabaseModule } from '../modules/database/database.module.js';
import { QueueModule } from '../jobs/queue.module.js';
import { loggerOptions } from './logger-options.js';

/**
 * What every process needs, whatever it starts: the validated config, JSON logging, the database
 * and the queues. AppModule (API) and WorkerModule (worker) both build on it.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, processName: 'api' | 'worker'): DynamicModule {
    return {
      module: CoreModule,
      imports: [LoggerModule.forRoot(loggerOptions(config, processName)), DatabaseModule, QueueModule],
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
