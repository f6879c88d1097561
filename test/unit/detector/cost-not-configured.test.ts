import { describe, expect, it } from 'vitest';
import type { CsmsEvent } from '../../../harness/csms/events.js';
import { createHarness } from './harness.js';

describe('cost-not-configured rule', () => {
  it('raises one site issue for an authorize decision the CSMS marked no-tariff', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'Blocked', { action: 'StartTransaction', reason: 'no-tariff' });
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]).toMatchObject({ type: 'cost-not-configured', code: 'CD-I011', siteId: 'S1', stationId: 'S1-CP1' });
  });

  it('raises for a 1.6 StartTransaction answered Blocked for a token accepted at Authorize', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'Accepted');
    h.call('S1-CP1', 'StartTransaction', { connectorId: 1, idTag: 'TAG-A', meterStart: 0 }, { transactionId: 0, idTagInfo: { status: 'Blocked' } });
    expect(h.raisedOfType('cost-not-configured')).toHaveLength(1);
  });

  it('raises for a 2.0.1 TransactionEvent answered idTokenInfo Blocked for a token accepted at Authorize', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'Accepted');
    h.call('S1-CP1', 'TransactionEvent', { eventType: 'Started', idToken: { idToken: 'TAG-A', type: 'ISO14443' } }, { idTokenInfo: { status: 'Blocked' } });
    expect(h.raisedOfType('cost-not-configured')).toHaveLength(1);
  });

  it('counts a refusal signalled by both the marker and the answer frame once', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'Accepted');
    h.authorize('S1-CP1', 'TAG-A', 'Blocked', { action: 'StartTransaction', reason: 'no-tariff' });
    h.call('S1-CP1', 'StartTransaction', { connectorId: 1, idTag: 'TAG-A', meterStart: 0 }, { transactionId: 0, idTagInfo: { status: 'Blocked' } });
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]?.details['refusals']).toBe(1);
  });

  it('raises nothing for a token blocked at Authorize and then at StartTransaction (the token is the problem)', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'Blocked');
    h.call('S1-CP1', 'StartTransaction', { connectorId: 1, idTag: 'TAG-A', meterStart: 0 }, { transactionId: 0, idTagInfo: { status: 'Blocked' } });
    expect(h.raisedOfType('cost-not-configured')).toEqual([]);
  });

  it('is resolved when a transaction starts at the site', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'Blocked', { action: 'StartTransaction', reason: 'no-tariff' });
    h.started('S1-CP2', 1, 'tx-1');
    expect(h.resolved.map((issue) => issue.type)).toEqual(['cost-not-configured']);
  });

  it('uses an injected predicate instead of the default', () => {
    const isTariffRefusal = (event: CsmsEvent) => event.type === 'protocol-error' && event.code === 'NoTariff';
    const h = createHarness({ config: { isTariffRefusal } });
    h.authorize('S1-CP1', 'TAG-A', 'Blocked', { action: 'StartTransaction', reason: 'no-tariff' });
    expect(h.raised).toEqual([]);
  });
});
