import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity.js';

/** Every statement about `audit_events`. */
@Injectable()
export class AuditEventsRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  async insert(event: Pick<AuditEventEntity, 'type' | 'actorUserId' | 'target' | 'ip' | 'requestId' | 'details'>): Promise<void> {
    await this.events.save(this.events.create(event), { reload: false });
  }

  /** Newest first: `take` events after the first `skip`, and the number of events in all. */
  page(skip: number, take: number): Promise<[AuditEventEntity[], number]> {
    return this.events.findAndCount({ order: { id: 'DESC' }, skip, take });
  }
}
