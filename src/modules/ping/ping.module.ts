import { Module } from '@nestjs/common';
import { PingRepository } from './ping.repository.js';
import { PingResolver } from './ping.resolver.js';
import { PingService } from './ping.service.js';

@Module({
  providers: [PingRepository, PingService, PingResolver],
  exports: [PingService],
})
export class PingModule {}
