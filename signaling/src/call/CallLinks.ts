import { citizenLinks } from '@videoloket/contracts';
import type { TokenService, CallLinkClaims } from '../auth/tokens';

/** Makes the links citizens and interpreters open: `<public URL>/call/#t=<token>`. */
export class CallLinks {
  constructor(
    private readonly tokens: TokenService,
    private readonly publicUrl: string,
  ) {}

  async create(input: CallLinkClaims & { expiresAt: Date; validFrom?: Date }): Promise<{ url: string; token: string }> {
    const { expiresAt, validFrom, ...claims } = input;
    const token = await this.tokens.signCallLink(claims, { expiresAt, validFrom });
    // The token rides in the fragment: browsers never send it to a server or in a Referer.
    return { url: citizenLinks.call(this.publicUrl, token), token };
  }
}
