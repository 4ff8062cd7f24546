import { Injectable } from '@nestjs/common';
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** What the app knows about a user; never the password hash. */
export interface User {
  id: string;
  username: string;
}

interface StoredUser extends User {
  salt: Buffer;
  passwordHash: Buffer;
}

function hashPassword(password: string, salt: Buffer): Buffer {
  return scryptSync(password, salt, 32);
}

/** A stand-in for your user repository, with one demo user (ada / correct horse). */
@Injectable()
export class UsersService {
  private readonly users: StoredUser[] = [this.create('u1', 'ada', 'correct horse')];

  /** The user whose password matches, or null. */
  verify(username: string, password: string): User | null {
    const user = this.users.find((candidate) => candidate.username === username);
    if (!user || !timingSafeEqual(hashPassword(password, user.salt), user.passwordHash)) {
      return null;
    }
    return { id: user.id, username: user.username };
  }

  findById(id: string): User | null {
    const user = this.users.find((candidate) => candidate.id === id);
    return user ? { id: user.id, username: user.username } : null;
  }

  private create(id: string, username: string, password: string): StoredUser {
    const salt = randomBytes(16);
    return { id, username, salt, passwordHash: hashPassword(password, salt) };
  }
}
