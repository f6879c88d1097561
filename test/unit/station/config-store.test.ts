/** The store keeps only what changed from its initial values: changes, reverts and re-changes must read back exactly. */
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../simulator/station/config-store.js';

describe('ConfigStore changes', () => {
  it('reads back every changed key, forgets a change set back to the initial value, and tells each listener in turn', () => {
    const store = new ConfigStore({ HeartbeatInterval: 60, ChargePointIdentity: 'CP-1' });
    const heard: string[] = [];
    store.onChange({ configChanged: (key, value) => heard.push(`a ${key}=${value}`) });
    store.onChange({ configChanged: (key, value) => heard.push(`b ${key}=${value}`) });
    expect(store.set('HeartbeatInterval', '30')).toBe('Accepted');
    expect(store.set('MeterValueSampleInterval', '15')).toBe('Accepted');
    expect(store.set('ConnectionTimeOut', '90')).toBe('Accepted');
    expect(store.integer('HeartbeatInterval', 0)).toBe(30);
    expect(store.get('MeterValueSampleInterval')?.value).toBe('15');
    expect(store.get('ConnectionTimeOut')?.value).toBe('90');
    // Back to the initial value (60, not the catalogue's 300), then changed again.
    store.set('HeartbeatInterval', '60');
    expect(store.integer('HeartbeatInterval', 0)).toBe(60);
    expect(store.get('MeterValueSampleInterval')?.value).toBe('15');
    store.set('MeterValueSampleInterval', '20');
    store.set('HeartbeatInterval', '45');
    expect([store.integer('HeartbeatInterval', 0), store.integer('MeterValueSampleInterval', 0), store.integer('ConnectionTimeOut', 0)]).toEqual([45, 20, 90]);
    expect(store.get('ChargePointIdentity')?.value).toBe('CP-1');
    expect(store.set('HeartbeatInterval', 'soon')).toBe('Rejected');
    expect(store.integer('HeartbeatInterval', 0)).toBe(45);
    expect(heard.slice(0, 2)).toEqual(['a HeartbeatInterval=30', 'b HeartbeatInterval=30']);
    expect(heard).toHaveLength(12);
  });

  it('gives stores made from one frozen settings object each its own identity and values; unfrozen settings are read again', () => {
    const shared = Object.freeze({ HeartbeatInterval: 60, MeterValueSampleInterval: 15 });
    const first = new ConfigStore(shared, { identity: 'CP-1' });
    const second = new ConfigStore(shared, { identity: 'CP-2' });
    const third = new ConfigStore(shared);
    const catalogueDefault = new ConfigStore({}).get('ChargePointIdentity')?.value;
    expect([first.get('ChargePointIdentity')?.value, second.get('ChargePointIdentity')?.value]).toEqual(['CP-1', 'CP-2']);
    expect(third.get('ChargePointIdentity')?.value).toBe(catalogueDefault);
    expect([second.integer('HeartbeatInterval', 0), second.integer('MeterValueSampleInterval', 0)]).toEqual([60, 15]);
    first.set('HeartbeatInterval', '45');
    expect([first.integer('HeartbeatInterval', 0), second.integer('HeartbeatInterval', 0)]).toEqual([45, 60]);
    // A settings object that may still change is not remembered: the second store reads what it holds now.
    const open: Record<string, number> = { HeartbeatInterval: 60 };
    new ConfigStore(open);
    open['HeartbeatInterval'] = 90;
    expect(new ConfigStore(open).integer('HeartbeatInterval', 0)).toBe(90);
  });

  it('keeps each store\'s changes its own when stores make the same first change', () => {
    const first = new ConfigStore({ HeartbeatInterval: 60 });
    const second = new ConfigStore({ HeartbeatInterval: 60 });
    first.set('HeartbeatInterval', '300');
    second.set('HeartbeatInterval', '300');
    first.set('HeartbeatInterval', '45');
    first.set('MeterValueSampleInterval', '15');
    expect([first.integer('HeartbeatInterval', 0), first.get('MeterValueSampleInterval')?.value]).toEqual([45, '15']);
    expect(second.integer('HeartbeatInterval', 0)).toBe(300);
    expect(second.get('MeterValueSampleInterval')?.value).toBe(new ConfigStore({}).get('MeterValueSampleInterval')?.value);
    second.set('HeartbeatInterval', '60');
    expect([first.integer('HeartbeatInterval', 0), second.integer('HeartbeatInterval', 0)]).toEqual([45, 60]);
    expect(new ConfigStore({ HeartbeatInterval: 60 }).set('HeartbeatInterval', '300')).toBe('Accepted');
    expect(first.integer('HeartbeatInterval', 0)).toBe(45);
  });
});
