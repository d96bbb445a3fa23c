import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { KeysService } from './keys.service.js';

export const JWT_STRATEGY = 'tubevault-jwt';

/** The claims tubevault signs: `sub` (user id), `sid` (session), optional `scopes` and `exp`. */
export interface JwtClaims {
  sub: string;
  sid: string;
  scopes?: string[];
  exp?: number;
}

/** Carries the already-extracted JWT to passport-jwt (the header has been parsed by `readCredential`). */
export interface JwtCarrier {
  tubevaultJwt: string;
}

/**
 * HS256 only, with the KeyObject from KeysService (a string secret costs ~35x more per verify).
 * `alg: none` and every other algorithm are refused by passport-jwt's `algorithms` list.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(keys: KeysService) {
    super({
      jwtFromRequest: (carrier: JwtCarrier) => carrier.tubevaultJwt,
      // jsonwebtoken 9 accepts a KeyObject where the typings say string | Buffer.
      secretOrKeyProvider: (_request, _token, done) => done(null, keys.jwtKey as unknown as Buffer),
      algorithms: ['HS256'],
    });
  }

  validate(claims: JwtClaims): JwtClaims {
    return claims;
  }
}
