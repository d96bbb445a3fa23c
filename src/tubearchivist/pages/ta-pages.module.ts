import { Module } from '@nestjs/common';
import { BrowserModule } from '../../identity/browser/browser.module.js';
import { TaCompatModule } from '../archive/ta-compat.module.js';
import { TaPagesController } from './ta-pages.controller.js';

/** TubeArchivist's HTML pages `/video/<id>/` and `/channel/<id>/`. */
@Module({
  imports: [TaCompatModule, BrowserModule],
  controllers: [TaPagesController],
})
export class TaPagesModule {}
