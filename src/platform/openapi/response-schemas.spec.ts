import { compileSerializer, serializerSchema, type JsonSchema } from './response-schemas.js';

const components: Record<string, JsonSchema> = {
  Thumb: { type: 'object', properties: { url: { type: 'string', description: 'doc' } }, required: ['url'] },
  Video: {
    type: 'object',
    properties: {
      type: { type: 'string', enum: ['video'] },
      title: { type: 'string', example: 'T' },
      premiere: { type: 'integer' },
      isNew: { type: 'boolean' },
      thumb: { allOf: [{ $ref: '#/components/schemas/Thumb' }], description: 'documented $ref' },
      formats: { type: 'array', items: { type: 'object' } },
      note: { type: 'string', nullable: true },
    },
    required: ['type', 'title', 'isNew', 'thumb', 'formats', 'note'],
  },
  Mix: { type: 'object', properties: { type: { type: 'string', enum: ['mix'] }, count: { type: 'integer' } }, required: ['type', 'count'] },
  Loop: { type: 'object', properties: { next: { $ref: '#/components/schemas/Loop' } } },
};
const serializerOf = (schema: JsonSchema) => compileSerializer(serializerSchema(schema, components));
const video = (extra: Record<string, unknown> = {}) => ({
  type: 'video',
  title: 'a "b"',
  ...extra,
  isNew: true,
  thumb: { url: 'u' },
  formats: [{ itag: 22, url: 'x' }],
  note: null,
});

describe('response serializer schemas (docs/architecture.md#response-serializers)', () => {
  it('writes what JSON.stringify writes: key order, optional keys in place, nulls, free-form objects', () => {
    const serialize = serializerOf({ $ref: '#/components/schemas/Video' });
    for (const value of [video(), video({ premiere: 1700000000 })]) expect(serialize(value)).toBe(JSON.stringify(value));
  });

  it('drops keys the schema does not document', () => {
    expect(serializerOf({ $ref: '#/components/schemas/Thumb' })({ url: 'u', secret: 1 })).toBe('{"url":"u"}');
  });

  it('tells oneOf shapes apart by their constant property', () => {
    const schema = serializerSchema({ oneOf: [{ $ref: '#/components/schemas/Video' }, { $ref: '#/components/schemas/Mix' }] }, components);
    expect(schema.oneOf).toBeUndefined();
    expect(schema.if).toEqual({ type: 'object', properties: { type: { const: 'video' } }, required: ['type'] });
    const serialize = compileSerializer(schema);
    expect(serialize(video())).toBe(JSON.stringify(video()));
    expect(serialize({ type: 'mix', count: 2, title: 'dropped' })).toBe('{"type":"mix","count":2}');
  });

  it('keeps annotations out and refuses what it cannot inline', () => {
    expect(serializerSchema({ $ref: '#/components/schemas/Thumb' }, components)).toEqual({
      type: 'object',
      properties: { url: { type: 'string' } },
      required: ['url'],
    });
    expect(() => serializerSchema({ $ref: '#/components/schemas/Loop' }, components)).toThrow('Recursive schema Loop → Loop');
    expect(() => serializerSchema({ $ref: '#/components/schemas/Missing' }, components)).toThrow('Unresolvable $ref');
  });
});
