package io.extauth.simulator.telephony.sms;

public enum SmsStatus { SENT, REPLIED, EXPIRED, FAILED, CANCELLED }
