import { Injectable } from '@nestjs/common';
import { DECOY_PASSWORD_HASH, DEMO_USERS } from './demo-users.js';
import { verifyPassword } from './password-hash.js';
import type { PublicUser, User } from './user.js';

/** The user list: in memory here; a real app would query its database. */
@Injectable()
export class UsersService {
  private readonly users: readonly User[] = DEMO_USERS;

  /**
   * The user whose username and password match, or `undefined`. Unknown usernames cost the same
   * scrypt work as known ones, so response times do not reveal which usernames exist.
   */
  async verifyCredentials(username: string, password: string): Promise<PublicUser | undefined> {
    const user = this.users.find((candidate) => candidate.username === username);
    const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
    return user && matches ? { userId: user.id, username: user.username } : undefined;
  }
}
