import { Module } from '@nestjs/common';
import { UsersModule } from '../../identity/users/users.module.js';
import { TubeArchivistAuthController } from './tubearchivist-auth.controller.js';
import { TubeArchivistAuthService } from './tubearchivist-auth.service.js';

/** TubeArchivist's `/api/login/` and `/api/ping/`, over the credentials, keys and login throttle of the global AuthModule. */
@Module({
  imports: [UsersModule],
  controllers: [TubeArchivistAuthController],
  providers: [TubeArchivistAuthService],
})
export class TaLoginModule {}
