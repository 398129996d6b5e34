import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../client/src/restartPolicy';

describe('the client restarts a crashed server a bounded number of times', () => {
  it('restarts four times within three minutes, then stops and says so once', () => {
    let now = 0;
    const policy = new RestartPolicy(4, 180_000, () => now);
    for (let i = 0; i < 4; i++) {
      now += 1_000;
      assert.deepEqual(policy.closed(), { restart: true });
    }
    now += 1_000;
    const fifth = policy.closed();
    assert.equal(fifth.restart, false);
    assert.match((fifth as { message?: string }).message ?? '', /stopped 5 times in 3 minutes.*Restart Server/);
    now += 1_000;
    assert.deepEqual(policy.closed(), { restart: false });
  });

  it('crashes older than the window are forgotten, and the restart command starts the count again', () => {
    let now = 0;
    const policy = new RestartPolicy(2, 60_000, () => now);
    assert.deepEqual(policy.closed(), { restart: true });
    assert.deepEqual(policy.closed(), { restart: true });
    now += 61_000;
    assert.deepEqual(policy.closed(), { restart: true });
    assert.deepEqual(policy.closed(), { restart: true });
    assert.equal(policy.closed().restart, false);
    policy.reset();
    assert.deepEqual(policy.closed(), { restart: true });
  });
});
