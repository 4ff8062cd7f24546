/**
 * Thrown at bootstrap, never per request, when the session options cannot work.
 * The message names the option and how to fix it.
 */
export class SessionConfigurationError extends Error {
  constructor(option: string, problem: string, fix: string) {
    super(`SessionModule option "${option}" ${problem}. Fix: ${fix}`);
    this.name = 'SessionConfigurationError';
  }
}
