import { isChannelId, isUpstreamPlaylistId, isVideoId } from './ids.js';

describe('identifier formats', () => {
  it.each([
    ['dQw4w9WgXcQ', true],
    ['a-b_c-d_e-f', true],
    ['dQw4w9WgXc', false],
    ['dQw4w9WgXcQQ', false],
    ['dQw4w9WgXc!', false],
    [' dQw4w9WgXcQ', false],
    [12345678901, false],
  ])('video id %p → %p', (id, ok) => expect(isVideoId(id)).toBe(ok));

  it.each([
    ['UCuAXFkgsw1L7xaCfnd5JJOw', true],
    ['UCuAXFkgsw1L7xaCfnd5JJO', false],
    ['UUuAXFkgsw1L7xaCfnd5JJOw', false],
    ['ucuAXFkgsw1L7xaCfnd5JJOw', false],
    ['UCuAXFkgsw1L7xaCfnd5JJOw\n', false],
  ])('channel id %p → %p', (id, ok) => expect(isChannelId(id)).toBe(ok));

  it.each([
    ['PLBCF2DAC6FFB574DE', true],
    ['PLrEnWoR732-BHrPp_Pm8_VleD68f9s14-', true],
    ['UUuAXFkgsw1L7xaCfnd5JJOw', true],
    ['OLAK5uy_k0v4cq1ytq1zLkT0xrnzKsaqlGfs1Dvpo', true],
    ['LLuAXFkgsw1L7xaCfnd5JJOw', false],
    ['WL', false],
    ['RDdQw4w9WgXcQ', false],
    ['PL123456789', false],
    [`PL${'a'.repeat(63)}`, false],
    ['IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK', false],
  ])('upstream playlist id %p → %p', (id, ok) => expect(isUpstreamPlaylistId(id)).toBe(ok));
});
