package io.extauth.simulator.telephony.call;

record CallPlaced(String callId, CallStatus status) {
}
