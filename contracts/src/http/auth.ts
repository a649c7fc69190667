import { z } from 'zod';

export const LoginRequest = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export interface LoginResponse {
  /** Bearer token for HTTP and Socket.IO; expires (see expiresAt). */
  token: string;
  expiresAt: string;
  clerk: { id: string; displayName: string };
}
