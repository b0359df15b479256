package io.extauth.simulator.telephony.sms;

record SmsSent(String smsId) {
}
