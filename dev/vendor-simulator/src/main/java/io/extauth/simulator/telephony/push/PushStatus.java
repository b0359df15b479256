package io.extauth.simulator.telephony.push;

public enum PushStatus { PENDING, APPROVED, DENIED, EXPIRED, FAILED, CANCELLED }
