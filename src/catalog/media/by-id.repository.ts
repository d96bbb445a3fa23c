import { In, type FindOptionsWhere, type Repository } from 'typeorm';

/** The reads by id that every catalog table keyed by a text `id` answers alike (channels, videos). */
export abstract class ByIdRepository<E extends { id: string }> {
  protected constructor(private readonly rows: Repository<E>) {}

  findById(id: string): Promise<E | null> {
    return this.rows.findOneBy({ id } as FindOptionsWhere<E>);
  }

  findByIds(ids: string[]): Promise<E[]> {
    return this.rows.findBy({ id: In(ids) } as FindOptionsWhere<E>);
  }

  async exists(id: string): Promise<boolean> {
    const [{ found }]: { found: boolean }[] = await this.rows.query(`SELECT EXISTS (SELECT 1 FROM ${this.rows.metadata.tableName} WHERE id = $1) AS found`, [
      id,
    ]);
    return found;
  }
}
