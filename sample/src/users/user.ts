/** A user account as the app stores it: never the password, only its hash. */
export interface User {
  id: string;
  username: string;
  /** From `hashPassword()`: `scrypt$N$r$p$salt$hash`. */
  passwordHash: string;
}

/** What the app exposes about a user. */
export interface PublicUser {
  userId: string;
  username: string;
}
