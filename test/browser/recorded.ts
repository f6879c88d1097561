import type { ScenarioResult } from '../../reports/result.js';

/**
 * Two scenarios as `chargedrill run` reported them (scenarios/site-outage-half-dark.yaml and
 * scenarios/ground-failure-mid-session.yaml), kept as data so the browser test sees real timelines: a site
 * outage raised in the same millisecond as a station no-connectivity, and a connector going Faulted 126 ms
 * after its fault was injected.
 */

export const SITE_OUTAGE_HALF_DARK: ScenarioResult = {
  "name": "site-outage-half-dark",
  "file": "scenarios/site-outage-half-dark.yaml",
  "summary": "Half of a 4-station 1.6 site goes dark at once (its switch loses power); the uplink comes back after 25 minutes. 50 % of the site (at least 2 stations) silent within 2 minutes is one site outage for network/IT, not two station tickets and no resets; the other half keeps charging.",
  "tags": ["connectivity","site","site-uplink-outage","ocpp16"],
  "protocol": "ocpp1.6",
  "seed": 27,
  "timeScale": 600,
  "status": "passed",
  "startedAt": "2026-11-30T21:54:38.092Z",
  "realDurationMs": 4905,
  "simulatedDurationMs": 1920000,
  "expectations": [
    {"kind":"issue","title":"site-outage on site S1 within 18m","status":"passed","expected":"site-outage on site S1 raised within 18m of step \"switch-down\"","observed":"raised after 12m58s","latencyMs":778101,"budgetMs":1080000,"source":{"file":"scenarios/site-outage-half-dark.yaml","line":20,"column":5}},
    {"kind":"escalation","title":"escalation to network-it within 20m","status":"passed","expected":"site S1 escalated to network-it within 20m of step \"switch-down\"","observed":"went to network-it after 13m1s","latencyMs":780524,"budgetMs":1200000,"source":{"file":"scenarios/site-outage-half-dark.yaml","line":23,"column":5}},
    {"kind":"never","title":"never Reset","status":"passed","expected":"Reset never sent","observed":"never sent (watched for 32m)","source":{"file":"scenarios/site-outage-half-dark.yaml","line":26,"column":5}},
    {"kind":"uptime","title":"uptime of S1-CP3 at least 99%","status":"passed","expected":"uptime of S1-CP3 at least 99%","observed":"100%","source":{"file":"scenarios/site-outage-half-dark.yaml","line":27,"column":5}},
    {"kind":"uptime","title":"uptime of S2-CP4 at least 99%","status":"passed","expected":"uptime of S2-CP4 at least 99%","observed":"100%","source":{"file":"scenarios/site-outage-half-dark.yaml","line":28,"column":5}},
  ],
  "unexpectedIssues": [],
  "timeline": [
    {"atMs":235,"kind":"step","stationId":"S1-CP3","text":"session on S1-CP3 connector 1 for 30m"},
    {"atMs":119290,"kind":"fault","text":"site-uplink-outage injected on S1-CP1, S1-CP2"},
    {"atMs":894112,"kind":"issue-raised","stationId":"S1-CP1","siteId":"S1","text":"no-connectivity raised on S1-CP1 (CD-I001)"},
    {"atMs":897391,"kind":"issue-raised","siteId":"S1","text":"site-outage raised on site S1 (CD-I002)"},
    {"atMs":897391,"kind":"issue-raised","stationId":"S1-CP2","siteId":"S1","text":"no-connectivity raised on S1-CP2 (CD-I001)"},
    {"atMs":899813,"kind":"escalation","siteId":"S1","text":"escalated to network-it: site network outage: several stations of the site lost connectivity at once"},
    {"atMs":1623331,"kind":"issue-resolved","stationId":"S1-CP1","siteId":"S1","text":"no-connectivity resolved on S1-CP1"},
    {"atMs":1623331,"kind":"issue-resolved","siteId":"S1","text":"site-outage resolved on site S1"},
    {"atMs":1635740,"kind":"issue-resolved","stationId":"S1-CP2","siteId":"S1","text":"no-connectivity resolved on S1-CP2"},
  ],
  "detections": [
    {"issueType":"site-outage","siteId":"S1","latencyMs":778101,"budgetMs":1080000,"passed":true},
  ],
  "metrics": {"detection-latency-max":778101,"detection-latency-p50":778101,"detection-latency-p95":778101,"detection-latency-p99":778101,"first-contact-resolution-rate":0},
};

export const GROUND_FAILURE_MID_SESSION: ScenarioResult = {
  "name": "ground-failure-mid-session",
  "file": "scenarios/ground-failure-mid-session.yaml",
  "summary": "A GroundFailure during a session is a safety fault; the desk must take the connector out of service, dispatch field engineering at once and never reset into it. The technician's repair brings the connector back.",
  "tags": ["safety","ground-failure","ocpp16"],
  "protocol": "ocpp1.6",
  "seed": 7,
  "timeScale": 300,
  "status": "passed",
  "startedAt": "2026-11-30T21:54:48.063Z",
  "realDurationMs": 7375,
  "simulatedDurationMs": 1620000,
  "expectations": [
    {"kind":"issue","title":"safety-fault on S1-CP1 within 1m","status":"passed","expected":"safety-fault on S1-CP1 raised within 1m of step \"ground-fault\"","observed":"raised after 496ms","latencyMs":496,"budgetMs":60000,"source":{"file":"scenarios/ground-failure-mid-session.yaml","line":20,"column":5}},
    {"kind":"escalation","title":"escalation to field-engineering within 1m","status":"passed","expected":"safety-fault on the network escalated to field-engineering within 1m of step \"ground-fault\"","observed":"went to field-engineering after 1.6s","latencyMs":1637,"budgetMs":60000,"source":{"file":"scenarios/ground-failure-mid-session.yaml","line":24,"column":5}},
    {"kind":"never","title":"never Reset to S1-CP1","status":"passed","expected":"Reset never sent to S1-CP1","observed":"never sent (watched for 27m)","source":{"file":"scenarios/ground-failure-mid-session.yaml","line":27,"column":5}},
    {"kind":"command","title":"ChangeAvailability {\"connectorId\":1,\"type\":\"Inoperative\"} to S1-CP1 within 1m","status":"passed","expected":"ChangeAvailability {\"connectorId\":1,\"type\":\"Inoperative\"} received by S1-CP1 within 1m of step \"ground-fault\"","observed":"sent after 2.5s","latencyMs":2521,"budgetMs":60000,"source":{"file":"scenarios/ground-failure-mid-session.yaml","line":28,"column":5}},
    {"kind":"connector","title":"S1-CP1 connector 1 Available after the technician's visit","status":"passed","expected":"S1-CP1 connector 1 Available after the technician's visit","observed":"Available when the technician left at 22m58s","source":{"file":"scenarios/ground-failure-mid-session.yaml","line":32,"column":5}},
    {"kind":"uptime","title":"uptime of S1-CP2 at least 99%","status":"passed","expected":"uptime of S1-CP2 at least 99%","observed":"100%","source":{"file":"scenarios/ground-failure-mid-session.yaml","line":33,"column":5}},
  ],
  "unexpectedIssues": [],
  "timeline": [
    {"atMs":104,"kind":"step","stationId":"S1-CP1","text":"session on S1-CP1 connector 1 for 30m"},
    {"atMs":119883,"kind":"fault","stationId":"S1-CP1","connectorId":1,"text":"ground-failure injected on S1-CP1 connector 1"},
    {"atMs":120009,"kind":"status","stationId":"S1-CP1","connectorId":1,"text":"S1-CP1 connector 1 Faulted (GroundFailure)"},
    {"atMs":120379,"kind":"issue-raised","stationId":"S1-CP1","connectorId":1,"siteId":"S1","text":"safety-fault raised on S1-CP1 connector 1 (CD-I004)"},
    {"atMs":121111,"kind":"action","stationId":"S1-CP1","text":"desk make-inoperative: ChangeAvailability sent"},
    {"atMs":121520,"kind":"escalation","stationId":"S1-CP1","connectorId":1,"siteId":"S1","text":"escalated to field-engineering: safety fault GroundFailure: connector taken out of service, field engineering dispatched"},
    {"atMs":121789,"kind":"work-order","stationId":"S1-CP1","connectorId":1,"text":"work order WO-1 opened (RCD / ground-fault module)"},
    {"atMs":122405,"kind":"command","stationId":"S1-CP1","text":"S1-CP1 received ChangeAvailability {\"connectorId\":1,\"type\":\"Inoperative\"}"},
    {"atMs":123746,"kind":"work-order","stationId":"S1-CP1","connectorId":1,"text":"work order WO-1 updated (RCD / ground-fault module)"},
    {"atMs":722226,"kind":"technician","stationId":"S1-CP1","text":"technician arrived at S1-CP1 for WO-1"},
    {"atMs":1022670,"kind":"status","stationId":"S1-CP1","connectorId":1,"text":"S1-CP1 connector 1 Unavailable"},
    {"atMs":1022735,"kind":"technician","stationId":"S1-CP1","text":"technician repaired S1-CP1 (ground-failure) and power-cycled it"},
    {"atMs":1022799,"kind":"recovery","stationId":"S1-CP1","connectorId":1,"text":"S1-CP1 connector 1 back to Available"},
    {"atMs":1022829,"kind":"technician","stationId":"S1-CP1","text":"technician put S1-CP1 connector 1 back in service"},
    {"atMs":1047370,"kind":"issue-resolved","stationId":"S1-CP1","connectorId":1,"siteId":"S1","text":"safety-fault resolved on S1-CP1 connector 1"},
    {"atMs":1047641,"kind":"work-order","stationId":"S1-CP1","connectorId":1,"text":"work order WO-1 closed (RCD / ground-fault module)"},
    {"atMs":1378287,"kind":"technician","stationId":"S1-CP1","text":"technician's test session on S1-CP1 delivered 916 Wh"},
    {"atMs":1378336,"kind":"technician","stationId":"S1-CP1","text":"technician left S1-CP1 (back online, test passed)"},
  ],
  "detections": [
    {"issueType":"safety-fault","stationId":"S1-CP1","latencyMs":496,"budgetMs":60000,"passed":true},
  ],
  "metrics": {"detection-latency-max":496,"detection-latency-p50":496,"detection-latency-p95":496,"detection-latency-p99":496,"first-contact-resolution-rate":0,"repeat-incident-rate":0},
};
