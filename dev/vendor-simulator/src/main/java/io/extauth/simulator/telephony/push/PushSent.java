package io.extauth.simulator.telephony.push;

record PushSent(String pushId) {
}
