import { DeadlineQueue, type Done } from '../../lib/store/call-with-deadline.js';
import { waitFor } from '../support/wait-for.js';

const TIMEOUT_MS = 100;

/** Starts a call whose completion the test holds; resolves with its outcome. */
function heldCall(queue: DeadlineQueue): { answer: Done<string>; outcome: Promise<unknown> } {
  let answer: Done<string> = () => undefined;
  const outcome = new Promise((resolve) => {
    queue.call<string>(
      (complete) => {
        answer = complete;
      },
      () => new Error('timeout'),
      (error, value) => resolve(error ?? value),
    );
  });
  return { answer: (error, value) => answer(error, value), outcome };
}

describe('DeadlineQueue.isUnanswered', () => {
  it('is false before any call has run out of time', async () => {
    const queue = new DeadlineQueue(TIMEOUT_MS);
    const call = heldCall(queue);
    call.answer(undefined, 'ok');
    expect(await call.outcome).toBe('ok');
    expect(queue.isUnanswered).toBe(false);
  });

  it('is true once a call ran out of time, until any call answers (a late answer counts)', async () => {
    const queue = new DeadlineQueue(TIMEOUT_MS);
    const call = heldCall(queue);
    expect(await call.outcome).toEqual(new Error('timeout'));
    expect(queue.isUnanswered).toBe(true);
    call.answer(undefined, 'late');
    expect(queue.isUnanswered).toBe(false);
  });

  it('turns false again one timeout after the last expiry, even if nothing answers', async () => {
    const queue = new DeadlineQueue(TIMEOUT_MS);
    await heldCall(queue).outcome;
    expect(queue.isUnanswered).toBe(true);
    await waitFor('the unanswered window to close', () => !queue.isUnanswered, 5_000);
  });
});

describe('DeadlineQueue: calls settled in any order', () => {
  it('times out only the calls still open, whichever calls answered before them, and answers each once', async () => {
    const queue = new DeadlineQueue(TIMEOUT_MS);
    const calls = Array.from({ length: 5 }, () => heldCall(queue));
    // Answer the first, the middle and the last: the second and fourth stay open.
    calls[0].answer(undefined, 'first');
    calls[2].answer(undefined, 'middle');
    calls[4].answer(undefined, 'last');
    const outcomes = await Promise.all(calls.map((call) => call.outcome));
    expect(outcomes.map((outcome) => (outcome instanceof Error ? outcome.message : outcome))).toEqual([
      'first',
      'timeout',
      'middle',
      'timeout',
      'last',
    ]);
    // Late answers are ignored.
    calls[1].answer(undefined, 'late');
    expect(await calls[1].outcome).toBeInstanceOf(Error);
    // The queue goes on serving new calls after the open ones expired.
    const later = heldCall(queue);
    later.answer(undefined, 'later');
    expect(await later.outcome).toBe('later');
  });
});
