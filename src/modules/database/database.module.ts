import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service.js';

/** Global: every feature module's repositories get PrismaService without importing this module. */
@Global()
@Module({ providers: [PrismaService], exports: [PrismaService] })
export class DatabaseModule {}
