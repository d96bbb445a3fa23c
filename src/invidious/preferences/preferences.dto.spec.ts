import { validateRequest } from '../../platform/http/validation.js';
import { NOT_AN_OBJECT } from './preferences-schema.js';
import { PreferencesPatchDto } from './preferences.dto.js';
import { invidiousErrorOf } from '../../platform/testing/thrown.js';

const errorOf = (body: unknown) => invidiousErrorOf(PreferencesPatchDto, body);

describe('POST /api/v1/auth/preferences body', () => {
  it('accepts any subset of the keys and normalises the values', () => {
    expect(validateRequest(PreferencesPatchDto, {}).values()).toEqual({});
    expect(validateRequest(PreferencesPatchDto, { speed: 2.0, volume: 10, captions: 'en', dark_mode: true }).values()).toEqual({
      speed: 2,
      volume: 10,
      captions: ['en', '', ''],
      dark_mode: 'dark',
    });
    expect(validateRequest(PreferencesPatchDto, { region: null, default_playlist: null }).values()).toEqual({ region: null, default_playlist: null });
  });

  it.each([undefined, null, [], 'volume', 5])('refuses %p as a whole', (body) => {
    expect(errorOf(body)).toBe(NOT_AN_OBJECT);
  });

  it('refuses null where a key does not take it', () => {
    expect(errorOf({ annotations: null })).toBe('Invalid value for "annotations": expected true or false');
  });

  it('names every offender: unknown keys first, then values in the order sent', () => {
    expect(errorOf({ volume: 101 })).toBe('Invalid value for "volume": expected an integer 0–100');
    expect(errorOf({ nope: 1 })).toBe('Unknown preference keys: nope');
    expect(errorOf({ speed: 9, foo: 1, volume: 101, bar: 2 })).toBe(
      'Unknown preference keys: foo, bar; Invalid value for "speed": expected a number 0.25–4.0; Invalid value for "volume": expected an integer 0–100',
    );
    expect(errorOf({ volume: 101, speed: 9 })).toBe(
      'Invalid value for "volume": expected an integer 0–100; Invalid value for "speed": expected a number 0.25–4.0',
    );
  });
});
