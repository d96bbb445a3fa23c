export const SESSION_KINDS = ['browser', 'token', 'ta'] as const;
/** browser: the SID cookie; token: an Invidious API token; ta: the TubeArchivist login token (JWT). */
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Who a request acts for, and with which session and scopes. Set on the request by the guard. */
export interface Principal {
  userId: number;
  username: string;
  isAdmin: boolean;
  sessionId: string;
  sessionKind: SessionKind;
  /** Scopes in the METHOD:ENDPOINT grammar; `:*` for full access. */
  scopes: string[];
  /** epoch ms, or null when the credential never expires */
  expiresAt: number | null;
  via: 'invidious-token' | 'jwt' | 'sid';
}

export const PRINCIPAL = Symbol('tubevault:principal');

export type RequestWithPrincipal = { [PRINCIPAL]?: Principal };
