package io.extauth.simulator.telephony.call;

public enum CallStatus { RINGING, ANSWERED, UNANSWERED, EXPIRED, FAILED, CANCELLED }
